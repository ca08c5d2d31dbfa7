import { isTransitional } from './database-rules.js';
import { type EnvironmentGateway, type Failure, failureOf, type ServiceRef } from './environment-gateway.js';
import type { Database, EcsServiceState } from './model.js';
import { serviceKey } from './model.js';
import type { OperationTiming } from './timing.js';

export type DatabaseWait = { ok: true } | { ok: false; status?: string; error?: unknown };

/**
 * Reads that may fail in a row before a wait gives up. One blip must not fail a 10-minute wait,
 * but an endpoint that went away (or lost permissions) must end the wait now, not at the
 * 30-minute timeout.
 */
export const MAX_FAILED_READS = 3;

/**
 * Polls a database until its status is one of `wanted`. Gives up early when it lands in a state
 * that will never lead there by itself (failed, deleting, storage-full…), disappears, or can't
 * be read MAX_FAILED_READS times in a row; and at the timeout.
 */
export async function waitForDatabase(
  gateway: EnvironmentGateway,
  db: Pick<Database, 'kind' | 'id'>,
  wanted: readonly string[],
  timing: OperationTiming,
  onStatus: (status: string) => void = () => undefined,
): Promise<DatabaseWait> {
  const deadline = timing.now() + timing.databaseTimeoutMs;
  let last: string | undefined;
  let lastError: unknown;
  let failedReads = 0;
  for (;;) {
    try {
      const current =
        db.kind === 'db-instance'
          ? await gateway.describeInstance(db.id)
          : await gateway.describeCluster(db.id);
      if (!current) return { ok: false, error: new Error(`${db.id} no longer exists`) };
      lastError = undefined;
      failedReads = 0;
      if (current.status !== last) {
        last = current.status;
        onStatus(current.status);
      }
      if (wanted.includes(current.status)) return { ok: true };
      const canMoveOn =
        isTransitional(current.status) || current.status === 'stopped' || current.status === 'available';
      if (!canMoveOn) return { ok: false, status: current.status };
    } catch (error) {
      lastError = error;
      failedReads++;
      if (failedReads >= MAX_FAILED_READS) return { ok: false, ...(last ? { status: last } : {}), error };
    }
    if (timing.now() >= deadline)
      return { ok: false, ...(last ? { status: last } : {}), ...(lastError ? { error: lastError } : {}) };
    await timing.sleep(timing.pollIntervalMs);
  }
}

export interface ServiceWait {
  /** The last reading, if any. */
  last?: Omit<EcsServiceState, 'autoscaling'>;
  /** Set when the service could not be read any more. */
  failure?: Failure;
}

/**
 * Polls services (one DescribeServices per cluster per round) until each satisfies `isDone`.
 * Calls `onReading` with every fresh reading; returns the keys (`cluster/service`) still not done
 * at the timeout (or after MAX_FAILED_READS failed rounds in a row), with their last reading.
 */
export async function waitForServices(
  gateway: EnvironmentGateway,
  refs: readonly ServiceRef[],
  isDone: (svc: Omit<EcsServiceState, 'autoscaling'>) => boolean,
  timing: OperationTiming,
  onReading: (svc: Omit<EcsServiceState, 'autoscaling'>, done: boolean) => void,
): Promise<Map<string, ServiceWait>> {
  const waiting = new Map<string, ServiceRef>(refs.map((r) => [serviceKey(r.cluster, r.service), r]));
  const state = new Map<string, ServiceWait>();
  const deadline = timing.now() + timing.serviceTimeoutMs;
  let failedRounds = 0;
  for (;;) {
    const byCluster = new Map<string, string[]>();
    for (const ref of waiting.values())
      byCluster.set(ref.cluster, [...(byCluster.get(ref.cluster) ?? []), ref.service]);
    let failed = false;
    for (const [cluster, names] of byCluster) {
      try {
        const reading = await gateway.describeServices(cluster, names);
        for (const svc of reading.found) {
          const key = serviceKey(svc.cluster, svc.service);
          const done = isDone(svc);
          state.set(key, { last: svc });
          onReading(svc, done);
          if (done) waiting.delete(key);
        }
      } catch (error) {
        failed = true;
        const failure = failureOf(error);
        for (const name of names) {
          const key = serviceKey(cluster, name);
          state.set(key, { ...state.get(key), failure });
        }
      }
    }
    failedRounds = failed ? failedRounds + 1 : 0;
    if (waiting.size === 0 || timing.now() >= deadline || failedRounds >= MAX_FAILED_READS) break;
    await timing.sleep(timing.pollIntervalMs);
  }
  return new Map([...waiting.keys()].map((key) => [key, state.get(key) ?? {}]));
}
