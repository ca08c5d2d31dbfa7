import { type FollowerTiming, PullRequestFollower } from '../changes/pr-follower.js';
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
  /** Faster loops for tests and the sandbox. */
  timing?: { pullRequests?: Partial<FollowerTiming> };
}

/**
 * Every background worker the bot runs, built from the shared services. One line per worker;
 * the composition root (main.ts) starts them after the front door is ready and drains them on stop.
 */
export function buildWorkers(deps: WorkerDeps): Worker[] {
  const { services } = deps;
  return [
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
  ];
}
