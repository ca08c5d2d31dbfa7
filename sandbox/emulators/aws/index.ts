import type { AddressInfo } from 'node:net';
import { appAutoScalingService } from './app-autoscaling.js';
import { CallLog } from './call-log.js';
import { EmulatorClock } from './clock.js';
import { cloudWatchService } from './cloudwatch.js';
import { controlApi } from './control-api.js';
import { ecsService } from './ecs.js';
import { FaultInjector } from './faults.js';
import { logsService } from './logs.js';
import { rdsService } from './rds.js';
import { createEmulatorServer } from './server.js';
import { sqsService } from './sqs.js';
import { ssmService } from './ssm.js';
import { stsService } from './sts.js';
import { taggingService } from './tagging.js';
import { World } from './world.js';

export interface AwsEmulatorOptions {
  /** 0 (default) picks a free port. Always binds 127.0.0.1. */
  port?: number;
  /** Simulated seconds per real second (default 1). Tests use e.g. 600 to make minutes last 100 ms. */
  speed?: number;
  /** Simulated ms after which AWS restarts a stopped RDS instance or cluster (default 7 days). */
  rdsAutoRestartAfterMs?: number;
  accountId?: string;
  /** Region of resources seeded without one (default ap-northeast-1). */
  region?: string;
  /** Queue in each account/region that receives CloudWatch alarm events (default infrabot-alarms). */
  alarmQueueName?: string;
  /** ECS's service-modify rate limit (burst 50, 5/s per account and region); on by default. */
  ecsThrottle?: boolean;
  /** Simulated ms per ECS scheduler tick: one task starts or stops per tick (default 3 s). */
  ecsTaskStepMs?: number;
  /** Simulated ms before Application Auto Scaling pulls a service back into [min, max] (default 60 s). */
  autoScalingDelayMs?: number;
}

export interface AwsEmulator {
  /** Use as AWS_ENDPOINT_URL or the clients' `endpoint`. */
  url: string;
  port: number;
  world: World;
  faults: FaultInjector;
  clock: EmulatorClock;
  calls: CallLog;
  close(): Promise<void>;
}

const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Starts a protocol-level AWS emulator: the unchanged AWS SDK v3 clients (ECS, Application Auto
 * Scaling, RDS, CloudWatch, SQS, Resource Groups Tagging, SSM Parameter Store, STS, CloudWatch Logs Insights) talk to it over HTTP with fake
 * credentials, and it answers with the services' real wire formats, state machines and errors.
 */
export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const clock = new EmulatorClock(options.speed ?? 1);
  let baseUrl = '';
  const world = new World({
    clock,
    accountId: options.accountId ?? '111111111111',
    region: options.region ?? 'ap-northeast-1',
    alarmQueueName: options.alarmQueueName ?? 'infrabot-alarms',
    rdsAutoRestartAfterMs: options.rdsAutoRestartAfterMs ?? SEVEN_DAYS_MS,
    baseUrl: () => baseUrl,
    ...(options.ecsTaskStepMs !== undefined ? { taskStepMs: options.ecsTaskStepMs } : {}),
    ...(options.autoScalingDelayMs !== undefined ? { autoScalingDelayMs: options.autoScalingDelayMs } : {}),
  });
  const faults = new FaultInjector();
  const calls = new CallLog();
  const closing = new AbortController();
  const server = createEmulatorServer({
    services: [
      ecsService(world, clock, { throttle: options.ecsThrottle ?? true }),
      appAutoScalingService(world),
      rdsService(world),
      cloudWatchService(world, () => clock.now()),
      sqsService(world),
      taggingService(world),
      ssmService(world),
      stsService(world, clock),
      logsService(world),
    ],
    world,
    clock,
    faults,
    calls,
    control: controlApi(world, clock),
    closing: closing.signal,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url: baseUrl,
    port,
    world,
    faults,
    clock,
    calls,
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        world.sqs.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

export { type CallFilter, CallLog, type CallRecord } from './call-log.js';
export { EmulatorClock } from './clock.js';
export { AwsError } from './errors.js';
export { type Fault, FaultInjector, type FaultKind } from './faults.js';
export { seedDemoWorld, seedIncidentStory } from './seed-demo-world.js';
export type { AwsServiceName } from './service.js';
export { type EcsServiceView, type QueueView, type ScopeInput, World } from './world.js';
export type * from './world-types.js';
