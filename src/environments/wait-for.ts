import type { EnvironmentGateway, ServiceRef } from './aws-gateway.js';
import { isTransitional } from './database-rules.js';
import type { Database, EcsServiceState } from './model.js';
import { serviceKey } from './model.js';
import type { OperationTiming } from './timing.js';

export type DatabaseWait = { ok: true } | { ok: false; status?: string; error?: unknown };

/**
 * Polls a database until its status is one of `wanted`. Gives up early when it lands in a state
 * that will never lead there by itself (failed, deleting, storage-full…) or disappears, and at
 * the timeout. A read error is retried at the next poll: one blip must not fail a 10-minute wait.
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
  for (;;) {
    try {
      const current =
        db.kind === 'db-instance'
          ? await gateway.describeInstance(db.id)
          : await gateway.describeCluster(db.id);
      if (!current) return { ok: false, error: new Error(`${db.id} no longer exists`) };
      lastError = undefined;
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
    }
    if (timing.now() >= deadline)
      return { ok: false, ...(last ? { status: last } : {}), ...(lastError ? { error: lastError } : {}) };
    await timing.sleep(timing.pollIntervalMs);
  }
}

/**
 * Polls services (one DescribeServices per cluster per round) until each satisfies `isDone`.
 * Calls `onReading` with every fresh reading; returns the keys (`cluster/service`) still not done
 * at the timeout, with their last reading.
 */
export async function waitForServices(
  gateway: EnvironmentGateway,
  refs: readonly ServiceRef[],
  isDone: (svc: Omit<EcsServiceState, 'autoscaling'>) => boolean,
  timing: OperationTiming,
  onReading: (svc: Omit<EcsServiceState, 'autoscaling'>, done: boolean) => void,
): Promise<Map<string, Omit<EcsServiceState, 'autoscaling'> | undefined>> {
  const waiting = new Map<string, ServiceRef>(refs.map((r) => [serviceKey(r.cluster, r.service), r]));
  const last = new Map<string, Omit<EcsServiceState, 'autoscaling'> | undefined>();
  const deadline = timing.now() + timing.serviceTimeoutMs;
  for (;;) {
    const byCluster = new Map<string, string[]>();
    for (const ref of waiting.values())
      byCluster.set(ref.cluster, [...(byCluster.get(ref.cluster) ?? []), ref.service]);
    for (const [cluster, names] of byCluster) {
      try {
        const reading = await gateway.describeServices(cluster, names);
        for (const svc of reading.found) {
          const key = serviceKey(svc.cluster, svc.service);
          const done = isDone(svc);
          last.set(key, svc);
          onReading(svc, done);
          if (done) waiting.delete(key);
        }
      } catch {
        // Retried at the next round; the timeout bounds it.
      }
    }
    if (waiting.size === 0 || timing.now() >= deadline) break;
    await timing.sleep(timing.pollIntervalMs);
  }
  return new Map([...waiting.keys()].map((key) => [key, last.get(key)]));
}
