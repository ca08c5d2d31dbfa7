import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentMemory } from '../../src/environments/environment-memory.js';
import { OperationLock } from '../../src/environments/operation-lock.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { captureLogger } from '../support/capture-logger.js';

let store: Store;
afterEach(async () => store?.close());

const info = (id: string) => ({
  operation: 'stop' as const,
  by: { kind: 'slack' as const, id },
  startedAt: '2026-11-25T12:00:00.000Z',
});

describe('OperationLock', () => {
  it('lets one operation per environment run, tells the second who holds it, and frees it on release', async () => {
    store = await openStore('memory');
    const memory = new EnvironmentMemory(store);
    const lock = new OperationLock(store, memory, captureLogger().logger, {
      ttlMs: 5_000,
      heartbeatMs: 1_000,
    });
    const first = await lock.acquire('dev', info('U1'));
    expect(first.ok).toBe(true);
    // Same person, second operation: still refused (owners are per operation, not per person).
    expect(await lock.acquire('dev', info('U1'))).toEqual({ ok: false, holder: info('U1') });
    const other = await lock.acquire('staging', info('U2'));
    expect(other.ok).toBe(true);
    if (first.ok) await first.held.release();
    expect(await memory.operation('dev')).toBeUndefined();
    const next = await lock.acquire('dev', info('U2'));
    expect(next.ok).toBe(true);
    for (const held of [other, next]) if (held.ok) await held.held.release();
  });

  it('renews the lease while the operation runs, so a long start is not taken over', async () => {
    store = await openStore('memory');
    const memory = new EnvironmentMemory(store);
    const lock = new OperationLock(store, memory, captureLogger().logger, { ttlMs: 150, heartbeatMs: 30 });
    const held = await lock.acquire('dev', info('U1'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await lock.acquire('dev', info('U2'))).ok).toBe(false);
    if (held.ok) await held.held.release();
    const next = await lock.acquire('dev', info('U2'));
    expect(next.ok).toBe(true);
    if (next.ok) await next.held.release();
  });

  it('lets the lease lapse when its holder is gone (a crashed replica)', async () => {
    store = await openStore('memory');
    const memory = new EnvironmentMemory(store);
    await store.acquireLease('env-op#dev', 'stop:crashed-replica', 50);
    const lock = new OperationLock(store, memory, captureLogger().logger, {
      ttlMs: 5_000,
      heartbeatMs: 1_000,
    });
    expect((await lock.acquire('dev', info('U1'))).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 80));
    const retry = await lock.acquire('dev', info('U1'));
    expect(retry.ok).toBe(true);
    if (retry.ok) await retry.held.release();
  });
});
