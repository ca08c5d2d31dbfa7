import { AlarmConsumer } from '../alerts/alarm-consumer.js';
import { ReminderWorker } from '../alerts/reminder-worker.js';
import type { Services } from '../commands/context.js';
import type { Logger } from '../logger.js';
import type { Publisher } from '../ports/publisher.js';
import type { RuntimeEnv } from '../runtime-env.js';
import type { Worker } from './worker.js';

export interface WorkerDeps {
  services: Services;
  publisher: Publisher;
  runtime: RuntimeEnv;
  logger: Logger;
  /** A stable id for this process (leases, logs): two replicas never share one. */
  instanceId: string;
}

/**
 * Every background worker the bot runs, built from the shared services. One line per worker;
 * the composition root (main.ts) starts them after the front door is ready and drains them on stop.
 */
export function buildWorkers(deps: WorkerDeps): Worker[] {
  const { alerts, alarmQueue } = deps.services;
  return [
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
