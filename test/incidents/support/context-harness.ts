import { vi } from 'vitest';
import { type AwsEmulator, startAwsEmulator, type World } from '../../../sandbox/emulators/aws/index.js';
import { AwsClientFactory } from '../../../src/aws/aws-clients.js';
import type { Actor, Services } from '../../../src/commands/context.js';
import type { Message } from '../../../src/commands/message.js';
import type { CommandResult } from '../../../src/commands/result.js';
import { runCommand } from '../../../src/commands/run-command.js';
import { parseConfigText } from '../../../src/config/load-config.js';
import type { PostedRef } from '../../../src/ports/publisher.js';
import { buildServices } from '../../../src/services.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { captureLogger } from '../../support/capture-logger.js';

export const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
  staging:
    region: ap-northeast-1
    select: { tags: { Environment: staging } }
  prod:
    region: ap-northeast-1
    protected: true
    ecs: [{ cluster: prod }]
alerts:
  channel: C0ALERTS
access:
  operators: [U0OPERATOR]
  admins: [U0ADMIN]
`;

/** Simulated seconds per real second: an ECS rollout of a few tasks takes tens of milliseconds. */
export const SPEED = 600;
export const HOUR = 3_600_000;

export interface ContextHarness {
  emulator: AwsEmulator;
  world: World;
  services: Services;
  store: Store;
  run(
    line: string,
    userId?: string,
    extra?: { confirmed?: boolean; thread?: PostedRef; channelId?: string },
  ): Promise<CommandResult>;
  close(): Promise<void>;
}

/**
 * The real services (buildServices) against the AWS emulator through the SDK, with the clock of
 * the emulator, fast polling, and an in-memory store: the verbs run through runCommand as they
 * do behind Slack, authorisation and audit included.
 */
export async function startContextHarness(
  seed: (world: World, emulator: AwsEmulator) => void,
  config = CONFIG,
): Promise<ContextHarness> {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAINFRABOTTEST0001');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'infrabot-test-secret-key');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  const emulator = await startAwsEmulator({ speed: SPEED });
  emulator.world.logs.behaviour = { scheduledMs: 20, runningMs: 60, outcome: 'Complete' };
  seed(emulator.world, emulator);
  const store = await openStore('memory');
  const { logger } = captureLogger();
  const services = buildServices({
    config: parseConfigText(config, 'test.yml'),
    store,
    logger,
    region: 'ap-northeast-1',
    aws: new AwsClientFactory({ endpoint: emulator.url }),
    clock: { now: () => new Date(emulator.clock.now()) },
    incidentTiming: {
      remediation: { pollIntervalMs: 15, timeoutMs: 10_000 },
      errors: { pollMs: 15, waitMs: 1_500 },
    },
  });
  return {
    emulator,
    world: emulator.world,
    services,
    store,
    run: (line, userId = 'U0OPERATOR', extra = {}) => {
      const actor: Actor = { kind: 'slack', userId };
      return runCommand(line, {
        actor,
        frontDoor: 'slack',
        services,
        channelId: extra.channelId ?? 'C0ALERTS',
        ...(extra.confirmed ? { confirmed: true } : {}),
        ...(extra.thread ? { thread: extra.thread } : {}),
      });
    },
    close: async () => {
      await emulator.close();
      await store.close();
      vi.unstubAllEnvs();
    },
  };
}

/** Reads a result's progress to its end; returns every step (the last is the summary). */
export async function drain(result: CommandResult): Promise<Message[]> {
  const steps: Message[] = [result.message];
  if (result.progress) for await (const step of result.progress) steps.push(step);
  return steps;
}

export function textOf(message: Message): string {
  return [
    message.title ?? '',
    ...message.parts.map((p) =>
      p.type === 'list'
        ? p.items.join('\n')
        : p.type === 'fields'
          ? p.fields.flat().join(' ')
          : 'text' in p
            ? p.text
            : '',
    ),
  ].join('\n');
}
