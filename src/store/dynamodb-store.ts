/**
 * The production Store: one DynamoDB table (pk S, sk S, on-demand, TTL on `ttl`), created by the
 * Terraform in infra/. Item layout:
 *
 *   pk, sk      the StoreKey
 *   value  (S)  the JSON text of the value (identical semantics to the SQLite adapter, and immune
 *               to DynamoDB's number-range, nesting-depth and empty-set rules)
 *   version (N) optimistic-locking counter, 1 on creation
 *   expiresAt (N, epoch ms) and ttl (N, epoch s), both absent for items that never expire
 *
 * DynamoDB deletes TTL'd items lazily (up to ~48 h late), so every read, query and condition
 * treats `expiresAt < now` as absent itself; the `ttl` attribute only keeps the table small.
 * All reads are strongly consistent so a conditional write followed by a read behaves the same
 * as in SQLite.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { Lease, PutOptions, QueryOptions, Store, StoreItem, StoreKey } from './store.js';
import { ConditionFailedError } from './store.js';
import {
  checkCondition,
  checkKey,
  checkLeaseArgs,
  checkLimit,
  checkPartition,
  checkPrefix,
  checkVersion,
  conditionDetail,
  decodeValue,
  encodeValue,
  expiryFrom,
  LEASE_PARTITION,
  leaseValue,
} from './store-input.js';

export { ensureDynamoDbTable } from './dynamodb-table.js';

export interface DynamoDbStoreOptions {
  tableName: string;
  /** A client to share (not destroyed by close()); otherwise one is created from region/endpoint. */
  client?: DynamoDBClient;
  region?: string;
  /** Overrides AWS_ENDPOINT_URL(_DYNAMODB), e.g. a local emulator. */
  endpoint?: string;
  /** Clock in epoch milliseconds; it, not DynamoDB's TTL sweeper, decides what has expired. */
  now?: () => number;
}

interface StoredItem {
  pk: string;
  sk: string;
  value: string;
  version: number;
  expiresAt?: number;
}

/** The item is live: it never expires or has not expired yet (same boundary as SQLite: `>=`). */
const LIVE = '(attribute_not_exists(#expiresAt) OR #expiresAt >= :now)';
/** No live item: none at all, or one whose expiry has passed but DynamoDB has not swept yet. */
const ABSENT = 'attribute_not_exists(#pk) OR #expiresAt < :now';
/** Unconditional puts alternate between "update live item" and "replace absent one"; bounded under contention. */
const MAX_PUT_ATTEMPTS = 8;

export function createDynamoDbStore(options: DynamoDbStoreOptions): Store {
  const { tableName } = options;
  if (typeof tableName !== 'string' || tableName.length === 0) {
    throw new TypeError('DynamoDB store needs a table name');
  }
  const now = options.now ?? Date.now;
  const ownsClient = options.client === undefined;
  const client =
    options.client ??
    new DynamoDBClient({
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
  // Numbers we write are safe integers; values are JSON text, so no marshalling surprises.
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  let closed = false;

  /** Sends a request, turning "table missing" into an actionable message. */
  const call = async <O>(run: () => Promise<O>): Promise<O> => {
    if (closed) throw new Error(`the DynamoDB store for table "${tableName}" is closed`);
    try {
      return await run();
    } catch (error) {
      if (
        error instanceof ResourceNotFoundException ||
        (error as Error)?.name === 'ResourceNotFoundException'
      ) {
        throw new Error(
          `DynamoDB table "${tableName}" was not found: create it with the Terraform in infra/, or check ` +
            'INFRABOT_STORE and the AWS region/endpoint this process uses',
          { cause: error },
        );
      }
      throw error;
    }
  };

  /** Like call(), but a failed ConditionExpression yields undefined instead of an exception. */
  const conditional = async <O>(run: () => Promise<O>): Promise<O | undefined> => {
    try {
      return await call(run);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  };

  const expiryAttributes = (expiresAt: number | undefined) =>
    expiresAt === undefined ? {} : { expiresAt, ttl: ttlSeconds(expiresAt) };

  const putFresh = (key: StoreKey, json: string, version: number, expiresAt: number | undefined) => ({
    TableName: tableName,
    Item: { pk: key.pk, sk: key.sk, value: json, version, ...expiryAttributes(expiresAt) },
  });

  /** Unconditional put: bump a live item's version, or start over at 1 when absent or expired. */
  const overwrite = async (key: StoreKey, json: string, at: number, expiresAt: number | undefined) => {
    const set = 'SET #value = :value, #version = if_not_exists(#version, :zero) + :one';
    for (let attempt = 0; attempt < MAX_PUT_ATTEMPTS; attempt++) {
      const updated = await conditional(() =>
        doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: key.pk, sk: key.sk },
            UpdateExpression:
              expiresAt === undefined
                ? `${set} REMOVE #expiresAt, #ttl`
                : `${set}, #expiresAt = :expiresAt, #ttl = :ttl`,
            ConditionExpression: `attribute_not_exists(#pk) OR ${LIVE}`,
            ExpressionAttributeNames: {
              '#pk': 'pk',
              '#value': 'value',
              '#version': 'version',
              '#expiresAt': 'expiresAt',
              '#ttl': 'ttl',
            },
            ExpressionAttributeValues: {
              ':value': json,
              ':zero': 0,
              ':one': 1,
              ':now': at,
              ...(expiresAt === undefined ? {} : { ':expiresAt': expiresAt, ':ttl': ttlSeconds(expiresAt) }),
            },
            ReturnValues: 'UPDATED_NEW',
          }),
        ),
      );
      if (updated) return Number(updated.Attributes?.version);
      // The update was refused because an expired item is still there: replace it, unless a
      // concurrent writer revived it in the meantime (then loop and update that one).
      const replaced = await conditional(() =>
        doc.send(
          new PutCommand({
            ...putFresh(key, json, 1, expiresAt),
            ConditionExpression: ABSENT,
            ExpressionAttributeNames: { '#pk': 'pk', '#expiresAt': 'expiresAt' },
            ExpressionAttributeValues: { ':now': at },
          }),
        ),
      );
      if (replaced) return 1;
    }
    throw new Error(
      `put on ${key.pk}/${key.sk} lost ${MAX_PUT_ATTEMPTS} races with other writers in a row; try again`,
    );
  };

  const put = async <T = unknown>(key: StoreKey, value: T, options?: PutOptions): Promise<StoreItem<T>> => {
    const k = checkKey(key);
    const json = encodeValue(k, value);
    const condition = checkCondition(options?.condition);
    const at = now();
    const expiresAt = expiryFrom(at, options?.ttlMs);
    let version: number;
    if (condition === 'absent') {
      const created = await conditional(() =>
        doc.send(
          new PutCommand({
            ...putFresh(k, json, 1, expiresAt),
            ConditionExpression: ABSENT,
            ExpressionAttributeNames: { '#pk': 'pk', '#expiresAt': 'expiresAt' },
            ExpressionAttributeValues: { ':now': at },
          }),
        ),
      );
      if (!created) throw new ConditionFailedError(k, conditionDetail.exists);
      version = 1;
    } else if (condition) {
      const replaced = await conditional(() =>
        doc.send(
          new PutCommand({
            ...putFresh(k, json, condition.version + 1, expiresAt),
            ConditionExpression: `#version = :expected AND ${LIVE}`,
            ExpressionAttributeNames: { '#version': 'version', '#expiresAt': 'expiresAt' },
            ExpressionAttributeValues: { ':expected': condition.version, ':now': at },
          }),
        ),
      );
      if (!replaced) throw new ConditionFailedError(k, conditionDetail.version(condition.version));
      version = condition.version + 1;
    } else {
      version = await overwrite(k, json, at, expiresAt);
    }
    const item: StoreItem<T> = { pk: k.pk, sk: k.sk, value: decodeValue<T>(k, json), version };
    if (expiresAt !== undefined) item.expiresAt = expiresAt;
    return item;
  };

  const toStoreItem = <T>(raw: Record<string, unknown>): StoreItem<T> => {
    const stored = parseStored(tableName, raw);
    const item: StoreItem<T> = {
      pk: stored.pk,
      sk: stored.sk,
      value: decodeValue<T>(stored, stored.value),
      version: stored.version,
    };
    if (stored.expiresAt !== undefined) item.expiresAt = stored.expiresAt;
    return item;
  };

  return {
    async get<T = unknown>(key: StoreKey) {
      const k = checkKey(key);
      const out = await call(() =>
        doc.send(new GetCommand({ TableName: tableName, Key: { pk: k.pk, sk: k.sk }, ConsistentRead: true })),
      );
      if (!out.Item) return undefined;
      const item = toStoreItem<T>(out.Item);
      return item.expiresAt === undefined || item.expiresAt >= now() ? item : undefined;
    },

    put,

    async putIfAbsent<T = unknown>(key: StoreKey, value: T, options?: { ttlMs?: number }) {
      try {
        await put(key, value, { condition: 'absent', ttlMs: options?.ttlMs });
        return true;
      } catch (error) {
        if (error instanceof ConditionFailedError) return false;
        throw error;
      }
    },

    async delete(key: StoreKey, options?: { version?: number }) {
      const k = checkKey(key);
      const Key = { pk: k.pk, sk: k.sk };
      if (options?.version === undefined) {
        await call(() => doc.send(new DeleteCommand({ TableName: tableName, Key })));
        return;
      }
      const expected = checkVersion(options.version);
      const deleted = await conditional(() =>
        doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key,
            ConditionExpression: `#version = :expected AND ${LIVE}`,
            ExpressionAttributeNames: { '#version': 'version', '#expiresAt': 'expiresAt' },
            ExpressionAttributeValues: { ':expected': expected, ':now': now() },
          }),
        ),
      );
      if (!deleted) throw new ConditionFailedError(k, conditionDetail.version(expected));
    },

    async query<T = unknown>(pk: string, options?: QueryOptions) {
      const partition = checkPartition(pk);
      const prefix = checkPrefix(options?.prefix);
      const limit = checkLimit(options?.limit);
      if (limit === 0) return [];
      const at = now();
      const items: StoreItem<T>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const remaining = limit === undefined ? undefined : limit - items.length;
        const out = await call(() =>
          doc.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression:
                prefix === undefined ? '#pk = :pk' : '#pk = :pk AND begins_with(#sk, :prefix)',
              // Limit caps items read before this filter, so expired items can make a page come
              // back short; the loop keeps paging until enough live items are collected.
              FilterExpression: LIVE,
              ExpressionAttributeNames: {
                '#pk': 'pk',
                '#expiresAt': 'expiresAt',
                ...(prefix === undefined ? {} : { '#sk': 'sk' }),
              },
              ExpressionAttributeValues: {
                ':pk': partition,
                ':now': at,
                ...(prefix === undefined ? {} : { ':prefix': prefix }),
              },
              ScanIndexForward: options?.descending !== true,
              ConsistentRead: true,
              ...(remaining === undefined ? {} : { Limit: remaining }),
              ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
            }),
          ),
        );
        for (const raw of out.Items ?? []) items.push(toStoreItem<T>(raw));
        startKey = out.LastEvaluatedKey;
      } while (startKey !== undefined && (limit === undefined || items.length < limit));
      return limit === undefined ? items : items.slice(0, limit);
    },

    async acquireLease(name: string, owner: string, ttlMs: number): Promise<Lease | undefined> {
      const args = checkLeaseArgs(name, owner);
      const at = now();
      const expiresAt = expiryFrom(at, ttlMs, 'lease ttlMs')!;
      const mine = leaseValue(args.owner);
      const Key = { pk: LEASE_PARTITION, sk: args.name };
      const lease: Lease = { name: args.name, owner: args.owner, expiresAt };

      // Ownership is the exact JSON text of the lease value, as in the SQLite adapter.
      const renew = () =>
        conditional(() =>
          doc.send(
            new UpdateCommand({
              TableName: tableName,
              Key,
              UpdateExpression:
                'SET #version = if_not_exists(#version, :zero) + :one, #expiresAt = :expiresAt, #ttl = :ttl',
              ConditionExpression: `#value = :mine AND ${LIVE}`,
              ExpressionAttributeNames: {
                '#value': 'value',
                '#version': 'version',
                '#expiresAt': 'expiresAt',
                '#ttl': 'ttl',
              },
              ExpressionAttributeValues: {
                ':mine': mine,
                ':zero': 0,
                ':one': 1,
                ':now': at,
                ':expiresAt': expiresAt,
                ':ttl': ttlSeconds(expiresAt),
              },
            }),
          ),
        );
      const take = () =>
        conditional(() =>
          doc.send(
            new PutCommand({
              ...putFresh(Key, mine, 1, expiresAt),
              ConditionExpression: ABSENT,
              ExpressionAttributeNames: { '#pk': 'pk', '#expiresAt': 'expiresAt' },
              ExpressionAttributeValues: { ':now': at },
            }),
          ),
        );

      if (await renew()) return lease;
      if (await take()) return lease;
      // take() loses when the lease is live: either another owner holds it, or a concurrent call
      // by this same owner took it between our two requests, in which case renewing now succeeds.
      if (await renew()) return lease;
      return undefined;
    },

    async releaseLease(name: string, owner: string) {
      const args = checkLeaseArgs(name, owner);
      await conditional(() =>
        doc.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk: LEASE_PARTITION, sk: args.name },
            ConditionExpression: '#value = :mine',
            ExpressionAttributeNames: { '#value': 'value' },
            ExpressionAttributeValues: { ':mine': leaseValue(args.owner) },
          }),
        ),
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      if (ownsClient) client.destroy();
    },
  };
}

/** DynamoDB's TTL works in epoch seconds; rounding up keeps the sweeper from deleting a live item. */
function ttlSeconds(expiresAtMs: number): number {
  return Math.ceil(expiresAtMs / 1000);
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

/** Items in the table may have been written by hand or by another tool; refuse them clearly. */
/** The attributes every item of the table has (it is read back from outside, so it is checked). */
const storedItemSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  value: z.string(),
  version: z.number().int(),
  expiresAt: z.number().optional(),
});

function parseStored(tableName: string, raw: Record<string, unknown>): StoredItem {
  const parsed = storedItemSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `item ${String(raw.pk)}/${String(raw.sk)} in DynamoDB table "${tableName}" is not an infrabot store item ` +
        `(${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}; expected string value, numeric version and expiresAt); was it written by another tool?`,
    );
  }
  const { pk, sk, value, version, expiresAt } = parsed.data;
  return { pk, sk, value, version, ...(expiresAt === undefined ? {} : { expiresAt }) };
}
