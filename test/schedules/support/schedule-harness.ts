import { vi } from 'vitest';
import {
  type AwsEmulator,
  type AwsEmulatorOptions,
  startAwsEmulator,
} from '../../../sandbox/emulators/aws/index.js';
import { seedDemoWorld } from '../../../sandbox/emulators/aws/seed-demo-world.js';
import { AwsClientFactory } from '../../../src/aws/aws-clients.js';
import type { Services } from '../../../src/commands/context.js';
import { parseConfigText } from '../../../src/config/load-config.js';
import { buildScheduler } from '../../../src/schedules/build-scheduler.js';
import type { Scheduler } from '../../../src/schedules/scheduler.js';
import { buildServices } from '../../../src/services.js';
import { openStore } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { captureLogger } from '../../support/capture-logger.js';
import { RecordingPublisher } from './recording-publisher.js';

/** A clock the test sets: the bot's idea of now, independent of the emulator's compressed time. */
export class FakeClock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface ScheduleHarness {
  aws: AwsEmulator;
  store: Store;
  clock: FakeClock;
  publisher: RecordingPublisher;
  services: Services;
  /** Another replica: its own services and scheduler over the same store and AWS. */
  replica(): { services: Services; scheduler: Scheduler };
  scheduler: Scheduler;
  logs: () => string[];
  close(): Promise<void>;
}

export async function startScheduleHarness(
  configText: string,
  startAt: string,
  emulator: AwsEmulatorOptions = {},
): Promise<ScheduleHarness> {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAINFRABOTTEST0001');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'infrabot-test-secret-key');
  const aws = await startAwsEmulator({ speed: 1_200, ...emulator });
  seedDemoWorld(aws.world);
  // A database of the test's own, so the schedule's stops and AWS's 7-day restart are not the demo's dev-db.
  aws.world.addDbInstance({ id: 'dev-pg', instanceClass: 'db.t4g.micro', tags: { Environment: 'dev' } });
  const config = parseConfigText(configText, 'test.yml');
  const store = await openStore('memory');
  const clock = new FakeClock(new Date(startAt));
  const publisher = new RecordingPublisher();
  const { logger, lines } = captureLogger();
  const factory = new AwsClientFactory({ endpoint: aws.url, maxAttempts: 1 });
  const make = () => {
    const services = buildServices({
      config,
      store,
      logger,
      region: 'ap-northeast-1',
      clock,
      aws: factory,
      publisher,
      environmentTiming: {
        pollIntervalMs: 20,
        databaseTimeoutMs: 8_000,
        serviceTimeoutMs: 8_000,
        leaseTtlMs: 10_000,
        heartbeatMs: 1_000,
      },
    });
    return { services, scheduler: buildScheduler(services, { aws: factory }) };
  };
  const main = make();
  return {
    aws,
    store,
    clock,
    publisher,
    services: main.services,
    scheduler: main.scheduler,
    replica: make,
    logs: lines,
    async close() {
      await aws.close();
      await store.close();
      vi.unstubAllEnvs();
    },
  };
}
