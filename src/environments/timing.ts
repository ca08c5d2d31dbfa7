import { realSleep, type Sleep } from '../util/sleep.js';

/**
 * How long stop/start wait for AWS, and how often they look. Real AWS: RDS takes minutes to stop
 * or start (Aurora longer), ECS tasks drain behind a load balancer's deregistration delay (5 min
 * by default). Tests pass small numbers and a fast emulator clock.
 */
export interface OperationTiming {
  pollIntervalMs: number;
  /** Waiting for a database to become available or stopped. */
  databaseTimeoutMs: number;
  /** Waiting for services to drain (stop) or to become stable (start). */
  serviceTimeoutMs: number;
  /** The operation lease: its lifetime without renewal, and how often it is renewed. */
  leaseTtlMs: number;
  heartbeatMs: number;
  sleep: Sleep;
  /** Monotonic milliseconds, for timeouts. */
  now: () => number;
}

export const DEFAULT_TIMING: OperationTiming = {
  pollIntervalMs: 15_000,
  databaseTimeoutMs: 30 * 60_000,
  serviceTimeoutMs: 15 * 60_000,
  leaseTtlMs: 2 * 60_000,
  heartbeatMs: 30_000,
  sleep: realSleep,
  now: () => performance.now(),
};
