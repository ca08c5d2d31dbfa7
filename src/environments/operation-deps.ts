import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { EnvironmentGateway } from './environment-gateway.js';
import type { EnvironmentMemory } from './environment-memory.js';
import type { ActorRef } from './model.js';
import type { OperationEvent } from './outcome.js';
import type { OperationTiming } from './timing.js';

/** What a running stop or start needs. */
export interface OperationDeps {
  gateway: EnvironmentGateway;
  memory: EnvironmentMemory;
  timing: OperationTiming;
  clock: Clock;
  logger: Logger;
  /** Who asked (stored with what is saved). */
  actor: ActorRef;
  /** Each move of a resource, as data. */
  emit: (event: OperationEvent) => void;
  /** Aborted when the operation is interrupted (Ctrl-C): no further change is started. */
  signal?: AbortSignal;
}

/**
 * AWS calls of one operation in flight at once. ECS's service-modify budget (burst 50, 5/s) is kept
 * by the ECS pacer, not by this number; at 4 a 40-service stop spent most of its time queueing
 * behind its own calls (≈ 5× the throttle-ideal time in the schedule bench).
 */
export const WRITE_CONCURRENCY = 16;
