import { expect, vi } from 'vitest';
import {
  type AwsEmulator,
  type AwsEmulatorOptions,
  startAwsEmulator,
  type World,
} from '../../../sandbox/emulators/aws/index.js';
import { AwsClientFactory } from '../../../src/aws/aws-clients.js';
import {
  AwsEnvironmentGateways,
  type AwsEnvironmentGatewaysOptions,
} from '../../../src/aws/aws-environment-gateways.js';
import type { Message } from '../../../src/commands/message.js';
import { ProgressView } from '../../../src/commands/render/render-progress.js';
import { parseConfigText } from '../../../src/config/load-config.js';
import type { Config } from '../../../src/config/schema.js';
import {
  EnvironmentService,
  type EnvironmentServiceDeps,
  type RunResult,
} from '../../../src/environments/environment-service.js';
import type { ActorRef } from '../../../src/environments/model.js';
import type { OperationOutcome } from '../../../src/environments/outcome.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { captureLogger } from '../../support/capture-logger.js';
import { startDenyProxy } from './deny-proxy.js';

export interface Harness {
  emulator: AwsEmulator;
  world: World;
  service: EnvironmentService;
  store: Store;
  config: Config;
  aws: AwsClientFactory;
  /** The environments port's AWS adapter the service uses. */
  gateways: AwsEnvironmentGateways;
  /** Sends chosen calls an AccessDenied, as a missing IAM permission would. */
  deny: Awaited<ReturnType<typeof startDenyProxy>>;
  logs: () => string[];
  close: () => Promise<void>;
}

/** Simulated seconds per real second: RDS's minutes take a few hundred milliseconds. */
export const SPEED = 1_200;

/** Fast polling: the emulator's clock runs SPEED times faster than the wall clock. */
export const FAST_TIMING = {
  pollIntervalMs: 20,
  databaseTimeoutMs: 8_000,
  serviceTimeoutMs: 8_000,
  leaseTtlMs: 10_000,
  heartbeatMs: 1_000,
};

/**
 * The environments service against the AWS emulator through the real SDK clients, with a
 * compressed clock and an in-memory store. Fake credentials: the emulator reads only their scope.
 */
export async function startHarness(options: {
  config: string;
  seed: (world: World) => void;
  emulator?: AwsEmulatorOptions;
  service?: Partial<EnvironmentServiceDeps>;
  gateways?: AwsEnvironmentGatewaysOptions;
}): Promise<Harness> {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAINFRABOTTEST0001');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'infrabot-test-secret-key');
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  vi.stubEnv('AWS_PROFILE', '');
  const emulator = await startAwsEmulator({ speed: SPEED, ...options.emulator });
  options.seed(emulator.world);
  const deny = await startDenyProxy(emulator.url);
  const config = parseConfigText(options.config, 'test.yml');
  const store = await openStore('memory');
  const { logger, lines } = captureLogger();
  // The production default: one SDK attempt per call, throttling retried by infrabot's own policy.
  const aws = new AwsClientFactory({ endpoint: deny.url });
  const gateways = new AwsEnvironmentGateways(aws, {
    retry: { baseDelayMs: 50, maxDelayMs: 1_000, attempts: 10 },
    ...options.gateways,
  });
  const service = new EnvironmentService({
    config,
    gateways,
    store,
    clock: { now: () => new Date(emulator.clock.now()) },
    logger,
    defaultRegion: 'ap-northeast-1',
    timing: FAST_TIMING,
    ...options.service,
  });
  return {
    emulator,
    world: emulator.world,
    service,
    store,
    config,
    aws,
    gateways,
    deny,
    logs: lines,
    close: async () => {
      await deny.close();
      await emulator.close();
      await store.close();
      vi.unstubAllEnvs();
    },
  };
}

export const OPERATOR: ActorRef = { kind: 'slack', id: 'U0OPERATOR' };

export function slackUser(id: string): ActorRef {
  return { kind: 'slack', id };
}

/**
 * Runs an operation to its end and returns every progress step as the verbs render it (the last
 * is the summary), with the structured outcome the stream ended with.
 */
export async function runWithOutcome(
  result: RunResult,
): Promise<{ steps: Message[]; outcome: OperationOutcome }> {
  if (result.kind !== 'started') throw new Error(`expected the operation to start, got ${result.kind}`);
  const view = new ProgressView(result.plan, '<@U0OPERATOR>');
  const steps: Message[] = [];
  let outcome: OperationOutcome | undefined;
  for await (const event of result.progress) {
    steps.push(view.apply(event));
    if (event.type === 'finished') outcome = event.outcome;
  }
  if (!outcome) throw new Error('the progress stream ended without its outcome');
  expect(await result.done).toBe(outcome);
  return { steps, outcome };
}

export async function runToEnd(result: RunResult): Promise<Message[]> {
  return (await runWithOutcome(result)).steps;
}

export function lastOf(steps: Message[]): Message {
  const last = steps.at(-1);
  if (!last) throw new Error('no progress steps');
  return last;
}
