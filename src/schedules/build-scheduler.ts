import type { Services } from '../commands/context.js';
import { defaultRegion } from '../runtime-env.js';
import type { WorkerDeps } from '../workers/all-workers.js';
import { AwsActivityProbe } from './aws-activity-probe.js';
import { environmentOperations } from './environment-operations-adapter.js';
import { Scheduler } from './scheduler.js';
import { SchedulerWorker } from './scheduler-worker.js';
import { systemTicker } from './ticker.js';

/** The scheduler over the shared services (the verbs use it to show and change schedule state). */
export function buildScheduler(
  services: Services,
  extra: Partial<Pick<WorkerDeps, 'aws' | 'runtime'>> = {},
): Scheduler {
  return new Scheduler({
    config: services.config,
    store: services.store,
    operations: environmentOperations(services),
    clock: services.clock,
    logger: services.logger,
    ...(services.publisher ? { publisher: services.publisher } : {}),
    ...(extra.aws
      ? {
          activity: new AwsActivityProbe(
            services.config,
            extra.aws,
            services.clock,
            extra.runtime ? defaultRegion(extra.runtime) : 'us-east-1',
          ),
        }
      : {}),
  });
}

export function schedulerWorker(deps: WorkerDeps): SchedulerWorker {
  const { services } = deps;
  const scheduler = buildScheduler(services, {
    ...(deps.aws ? { aws: deps.aws } : {}),
    runtime: deps.runtime,
  });
  return new SchedulerWorker(scheduler, deps.ticker ?? systemTicker(services.clock), deps.logger);
}
