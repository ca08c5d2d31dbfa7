import { AlarmConsumer } from '../alerts/alarm-consumer.js';
import { ReminderWorker } from '../alerts/reminder-worker.js';
import type { AwsClientFactory } from '../aws/aws-clients.js';
import { type FollowerTiming, PullRequestFollower } from '../changes/pr-follower.js';
import type { Services } from '../commands/context.js';
import type { Logger } from '../logger.js';
import type { Publisher } from '../ports/publisher.js';
import type { RuntimeEnv } from '../runtime-env.js';
import { schedulerWorker } from '../schedules/build-scheduler.js';
import type { Ticker } from '../schedules/ticker.js';
import type { Worker } from './worker.js';

export interface WorkerDeps {
  services: Services;
  publisher: Publisher;
  runtime: RuntimeEnv;
  logger: Logger;
  /** A stable id for this process (leases, logs): two replicas never share one. */
  instanceId: string;
  /** Faster loops for tests and the sandbox. */
  timing?: { pullRequests?: Partial<FollowerTiming> };
  /** AWS access for workers that read AWS beyond the services (the scheduler's in-use check). */
  aws?: AwsClientFactory;
  /** Drives timed workers; tests pass a ManualTicker (default: the wall clock). */
  ticker?: Ticker;
}

/**
 * Every background worker the bot runs, built from the shared services. One line per worker;
 * the composition root (main.ts) starts them after the front door is ready and drains them on stop.
 */
export function buildWorkers(deps: WorkerDeps): Worker[] {
  const { services } = deps;
  const { alerts, alarmQueue } = services;
  return [
    schedulerWorker(deps),
    ...(services.changes?.connected
      ? [
          new PullRequestFollower({
            changes: services.changes,
            store: services.store,
            publisher: deps.publisher,
            clock: services.clock,
            logger: deps.logger,
            instanceId: deps.instanceId,
            ...(deps.timing?.pullRequests ? { timing: deps.timing.pullRequests } : {}),
          }),
        ]
      : []),
    ...(alerts && alarmQueue
      ? [
          new AlarmConsumer({
            alerts,
            queue: alarmQueue,
            logger: deps.logger,
            visibilitySeconds: alerts.settings.queueVisibilitySeconds,
            waitSeconds: alerts.settings.queueWaitSeconds,
            retryDelaySeconds: Math.min(10, alerts.settings.queueVisibilitySeconds),
          }),
        ]
      : []),
    ...(alerts?.settings.remindEveryMs ? [new ReminderWorker(alerts, deps.logger)] : []),
  ];
}
