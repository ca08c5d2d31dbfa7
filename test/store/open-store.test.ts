import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureDynamoDbTable } from '../../src/store/dynamodb-store.js';
import { openStore, parseStoreSpec } from '../../src/store/open-store.js';
import { type LocalDynamo, startDynalite } from './dynalite-server.js';

let dir: string;
let dynamo: LocalDynamo;
const tableName = `infrabot-open-${randomUUID()}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'infrabot-open-store-'));
  dynamo = await startDynalite();
  await ensureDynamoDbTable(dynamo.client, tableName);
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dynamo?.close();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('parseStoreSpec', () => {
  it.each([
    ['memory', { kind: 'sqlite', path: ':memory:' }],
    ['MEMORY', { kind: 'sqlite', path: ':memory:' }],
    ['sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['sqlite:/var/lib/infrabot/state.db', { kind: 'sqlite', path: '/var/lib/infrabot/state.db' }],
    ['sqlite:./data/infrabot.db', { kind: 'sqlite', path: resolve('data/infrabot.db') }],
    ['SQLite:data.db', { kind: 'sqlite', path: resolve('data.db') }],
    ['  sqlite:/tmp/x.db\n', { kind: 'sqlite', path: '/tmp/x.db' }],
    ['sqlite:/tmp/with space/x.db', { kind: 'sqlite', path: '/tmp/with space/x.db' }],
    ['sqlite:~/infrabot.db', { kind: 'sqlite', path: '/home/ops/infrabot.db' }],
    ['sqlite:~', { kind: 'sqlite', path: '/home/ops' }],
    ['dynamodb:infrabot-state', { kind: 'dynamodb', tableName: 'infrabot-state' }],
    ['DynamoDB:Infra_Bot.prod-1', { kind: 'dynamodb', tableName: 'Infra_Bot.prod-1' }],
  ])('%j', (spec, expected) => {
    expect(parseStoreSpec(spec, '/home/ops')).toStrictEqual(expected);
  });

  it.each([
    ['', /INFRABOT_STORE="" is not a store: use sqlite:<path>, sqlite::memory:, memory, or dynamodb:<table>/],
    ['   ', /INFRABOT_STORE=" {3}" is not a store: use sqlite:<path>/],
    ['foo', /INFRABOT_STORE="foo" is not a store: use sqlite:<path>/],
    ['postgres://db.internal/infrabot', /"postgres:\/\/db.internal\/infrabot" is not a store: use sqlite/],
    ['redis:localhost', /is not a store: use sqlite:<path>/],
    [':memory:', /":memory:" is not a store: use/],
    ['sqlite:', /sqlite: needs a file path, e\.g\. sqlite:\.\/data\/infrabot\.db; use sqlite:<path>/],
    ['sqlite:   ', /sqlite: needs a file path/],
    ['sqlite://var/db', /write a plain path/],
    ['sqlite:/tmp/evil\u0000.db', /the path contains control characters/],
    ['sqlite:/tmp/a\nb.db', /control characters/],
    ['dynamodb:', /dynamodb: needs a table name/],
    ['dynamodb:ab', /table names are 3-255 characters/],
    ['dynamodb://infrabot-state', /table names are 3-255 characters/],
    ['dynamodb:my table', /table names are 3-255 characters/],
    ['dynamodb:arn:aws:dynamodb:us-east-1:123456789012:table/x', /table names are 3-255 characters/],
    [`dynamodb:${'t'.repeat(256)}`, /table names are 3-255 characters/],
  ])('refuses %j with a message naming the accepted forms', (spec, message) => {
    expect(() => parseStoreSpec(spec)).toThrow(message);
  });

  it('escapes and truncates what it echoes back, so a hostile value cannot forge log lines', () => {
    const hostile = `nope\n[INFO] all good ${'x'.repeat(10_000)}`;
    let message = '';
    try {
      parseStoreSpec(hostile);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^INFRABOT_STORE="nope\\n\[INFO\] all good x+…" is not a store/);
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThan(250);
  });

  it('refuses a spec that is not a string at all', () => {
    expect(() => parseStoreSpec(undefined as unknown as string)).toThrow(
      /INFRABOT_STORE=\(undefined\) is not a store: use sqlite:<path>/,
    );
    expect(() => parseStoreSpec(null as unknown as string)).toThrow(/INFRABOT_STORE=\(null\)/);
  });
});

describe('openStore', () => {
  it('opens a working in-memory store for "memory", honouring the clock', async () => {
    let clock = 1_000;
    const store = await openStore('memory', { now: () => clock });
    await store.put({ pk: 'p', sk: 's' }, 'v', { ttlMs: 10 });
    expect((await store.get({ pk: 'p', sk: 's' }))?.expiresAt).toBe(1_010);
    clock = 1_011;
    expect(await store.get({ pk: 'p', sk: 's' })).toBeUndefined();
    await store.close();
  });

  it('opens (and creates) an SQLite file for sqlite:<path>', async () => {
    const path = join(dir, 'deep', 'er', 'state.db');
    const store = await openStore(`sqlite:${path}`);
    await store.put({ pk: 'p', sk: 's' }, 'persisted');
    await store.close();
    expect(existsSync(path)).toBe(true);
    const again = await openStore(`sqlite:${path}`);
    expect((await again.get({ pk: 'p', sk: 's' }))?.value).toBe('persisted');
    await again.close();
  });

  it('rejects an invalid spec', async () => {
    await expect(openStore('mysql:prod')).rejects.toThrow(/"mysql:prod" is not a store/);
  });

  it('opens a DynamoDB table at an explicit endpoint, which wins over AWS_ENDPOINT_URL_DYNAMODB', async () => {
    stubLocalCredentials();
    // Nothing listens on the discard port: if the env var won, the call would fail.
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', 'http://127.0.0.1:9');
    const store = await openStore(`dynamodb:${tableName}`, { dynamoDbEndpoint: dynamo.endpoint });
    await store.put({ pk: 'open', sk: 'explicit' }, 1);
    expect((await store.get({ pk: 'open', sk: 'explicit' }))?.value).toBe(1);
    await store.close();
  });

  it('uses the endpoint the AWS SDK finds in AWS_ENDPOINT_URL_DYNAMODB when none is given', async () => {
    stubLocalCredentials();
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    const store = await openStore(`dynamodb:${tableName}`);
    expect(await store.putIfAbsent({ pk: 'open', sk: 'from-env' }, 1)).toBe(true);
    await store.close();
  });

  it('passes the clock to the DynamoDB store', async () => {
    stubLocalCredentials();
    let clock = Date.UTC(2031, 0, 1);
    const store = await openStore(`dynamodb:${tableName}`, {
      dynamoDbEndpoint: dynamo.endpoint,
      now: () => clock,
    });
    const key = { pk: 'open', sk: `clock-${randomUUID()}` };
    await store.put(key, 1, { ttlMs: 1_000 });
    clock += 1_001;
    expect(await store.get(key)).toBeUndefined();
    await store.close();
  });

  it.each(['127.0.0.1:8000', 'ftp://127.0.0.1', 'not a url'])('refuses the endpoint %j', async (endpoint) => {
    await expect(openStore(`dynamodb:${tableName}`, { dynamoDbEndpoint: endpoint })).rejects.toThrow(
      /DynamoDB endpoint ".*" is not an http\(s\) URL, e\.g\. http:\/\/127\.0\.0\.1:8000/,
    );
  });
});

function stubLocalCredentials(): void {
  vi.stubEnv('AWS_REGION', 'us-east-1');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLOCALTEST');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local-test-secret');
}
