import { randomUUID } from 'node:crypto';
import {
  DeleteTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynamoDbStore, ensureDynamoDbTable } from '../../src/store/dynamodb-store.js';
import { type LocalDynamo, startDynalite } from './dynalite-server.js';
import { storeContract } from './store-contract.js';

let dynamo: LocalDynamo;
const tableName = `infrabot-test-${randomUUID()}`;

beforeAll(async () => {
  dynamo = await startDynalite();
  await ensureDynamoDbTable(dynamo.client, tableName);
});

afterAll(async () => {
  await dynamo?.close();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

storeContract('dynamodb (dynalite)', async (now) => {
  const store = createDynamoDbStore({ tableName, client: dynamo.client, now });
  return { store, cleanup: () => store.close() };
});

describe('DynamoDB store specifics', () => {
  it('ensureDynamoDbTable creates the table from the Terraform schema and is idempotent', async () => {
    const name = `infrabot-ensure-${randomUUID()}`;
    await Promise.all([ensureDynamoDbTable(dynamo.client, name), ensureDynamoDbTable(dynamo.client, name)]);
    await ensureDynamoDbTable(dynamo.client, name);
    const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toStrictEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    await dynamo.client.send(new DeleteTableCommand({ TableName: name }));
  });

  it('writes the item layout the table and its TTL expect', async () => {
    const at = Date.UTC(2031, 0, 1);
    const store = createDynamoDbStore({ tableName, client: dynamo.client, now: () => at });
    const pk = `layout-${randomUUID()}`;
    await store.put({ pk, sk: 'ttl' }, { a: 1 }, { ttlMs: 1_500 });
    const raw = await dynamo.client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: pk }, sk: { S: 'ttl' } } }),
    );
    expect(raw.Item).toStrictEqual({
      pk: { S: pk },
      sk: { S: 'ttl' },
      value: { S: '{"a":1}' },
      version: { N: '1' },
      expiresAt: { N: String(at + 1_500) },
      ttl: { N: String(Math.ceil((at + 1_500) / 1000)) },
    });
    await store.close();
  });

  it('says how to fix a missing table', async () => {
    const store = createDynamoDbStore({ tableName: 'no-such-table', client: dynamo.client });
    await expect(store.get({ pk: 'p', sk: 's' })).rejects.toThrow(
      /DynamoDB table "no-such-table" was not found: create it with the Terraform in infra\//,
    );
    await store.close();
  });

  it('refuses items written by another tool instead of returning garbage', async () => {
    const pk = `foreign-${randomUUID()}`;
    await dynamo.client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: pk }, sk: { S: 's' }, value: { N: '1' } },
      }),
    );
    const store = createDynamoDbStore({ tableName, client: dynamo.client });
    await expect(store.get({ pk, sk: 's' })).rejects.toThrow(/is not an infrabot store item/);
    await store.close();
  });

  it('creates and later destroys its own client from region and endpoint', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDLOCALTEST');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local-test-secret');
    const store = createDynamoDbStore({ tableName, region: 'us-east-1', endpoint: dynamo.endpoint });
    const pk = `own-${randomUUID()}`;
    await store.put({ pk, sk: 's' }, 'hello');
    expect((await store.get({ pk, sk: 's' }))?.value).toBe('hello');
    await store.close();
    await expect(store.get({ pk, sk: 's' })).rejects.toThrow(/closed/);
  });
});
