import { afterEach, describe, expect, it } from 'vitest';
import { explainError } from '../../src/commands/explain-error.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { EnvironmentMemory } from '../../src/environments/environment-memory.js';
import { EnvironmentService } from '../../src/environments/environment-service.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { StoredItemError } from '../../src/store/stored-item.js';
import { captureLogger } from '../support/capture-logger.js';
import { FakeGateway } from './support/fake-gateway.js';

let store: Store;
afterEach(async () => store?.close());

const key = (sk: string) => ({ pk: 'env#dev', sk });

describe('what the environments feature reads back from the store is decoded, never trusted', () => {
  it('reads items written by an older version, where the actor was a display label', async () => {
    store = await openStore('memory');
    const memory = new EnvironmentMemory(store);
    await store.put(key('saved#ecs#dev/api'), {
      cluster: 'dev',
      service: 'api',
      desiredCount: 2,
      savedAt: '2026-11-24T12:00:00.000Z',
      savedBy: '<@U0OLD>',
    });
    await store.put(key('operation'), {
      operation: 'stop',
      by: 'alice@laptop (terminal)',
      startedAt: '2026-11-24T12:00:00.000Z',
    });
    expect((await memory.savedServices('dev')).get('dev/api')).toEqual({
      cluster: 'dev',
      service: 'api',
      desiredCount: 2,
      savedAt: '2026-11-24T12:00:00.000Z',
      savedBy: { kind: 'slack', id: 'U0OLD' },
    });
    expect((await memory.operation('dev'))?.by).toEqual({ kind: 'terminal', id: 'alice@laptop' });
  });

  it.each([
    [
      'saved#ecs#dev/api',
      { cluster: 'dev', service: 'api', desiredCount: -1, savedAt: 'x', savedBy: 'U' },
      'savedServices',
    ],
    ['saved#ecs#dev/api', 'not even an object', 'savedServices'],
    [
      'saved#rds#db-instance#dev-db',
      { kind: 'tape', id: 'dev-db', stoppedAt: '2026-11-24T12:00:00Z', stoppedBy: 'U' },
      'savedDatabases',
    ],
    ['record', { operation: 'stop', outcome: 'maybe', at: '2026-11-24T12:00:00Z', by: 'U' }, 'record'],
    ['operation', { operation: 'stop' }, 'operation'],
  ] as const)('a corrupt %s item is a clear StoredItemError, not a crash', async (sk, value, read) => {
    store = await openStore('memory');
    const memory = new EnvironmentMemory(store);
    await store.put(key(sk), value);
    const error = await (memory[read] as (env: string) => Promise<unknown>)
      .call(memory, 'dev')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoredItemError);
    const message = (error as Error).message;
    expect(message).toContain(`item env#dev / ${sk}`);
    expect(message).toContain('delete that item from the state store, or fix it');
    expect(explainError(error)).toBe(message);
  });

  it('status of an environment with a corrupt saved count says which item, through the command explainer', async () => {
    store = await openStore('memory');
    await store.put(key('saved#ecs#dev/api'), { cluster: 'dev', service: 'api', desiredCount: 'two' });
    const service = new EnvironmentService({
      config: parseConfigText(
        'environments:\n  dev:\n    ecs: [{ cluster: dev, services: [api] }]\n',
        't.yml',
      ),
      gateways: new FakeGateway(),
      store,
      clock: { now: () => new Date() },
      logger: captureLogger().logger,
      defaultRegion: 'ap-northeast-1',
    });
    const error = await service.status('dev').catch((e: unknown) => e);
    expect(explainError(error)).toMatch(
      /^infrabot's stored state of dev \(item env#dev \/ saved#ecs#dev\/api\) could not be read \(desiredCount: /,
    );
  });
});
