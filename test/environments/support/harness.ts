import { vi } from 'vitest';
import {
  type AwsEmulator,
  type AwsEmulatorOptions,
  startAwsEmulator,
  type World,
} from '../../../sandbox/emulators/aws/index.js';
import { AwsClientFactory } from '../../../src/aws/aws-clients.js';
import type { Message } from '../../../src/commands/message.js';
import { parseConfigText } from '../../../src/config/load-config.js';
import type { Config } from '../../../src/config/schema.js';
import {
  EnvironmentService,
  type EnvironmentServiceDeps,
  type RunResult,
} from '../../../src/environments/environment-service.js';
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
  // One SDK attempt per call: throttling is retried by infrabot's own backoff, which is what the tests look at.
  const aws = new AwsClientFactory({ endpoint: deny.url, maxAttempts: 1 });
  const service = new EnvironmentService({
    config,
    aws,
    store,
    clock: { now: () => new Date(emulator.clock.now()) },
    logger,
    defaultRegion: 'ap-northeast-1',
    timing: FAST_TIMING,
    retry: { baseDelayMs: 50, maxDelayMs: 1_000, attempts: 10 },
    ...options.service,
  });
  return {
    emulator,
    world: emulator.world,
    service,
    store,
    config,
    aws,
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

/** Runs an operation to its end and returns every progress step (the last is the summary). */
export async function runToEnd(result: RunResult): Promise<Message[]> {
  if (result.kind !== 'started') throw new Error(`expected the operation to start, got ${result.kind}`);
  const steps: Message[] = [];
  for await (const step of result.progress) steps.push(step);
  return steps;
}

export function lastOf(steps: Message[]): Message {
  const last = steps.at(-1);
  if (!last) throw new Error('no progress steps');
  return last;
}
