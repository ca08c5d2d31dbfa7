/**
 * Input checks and the value codec shared by every Store adapter. Both adapters apply DynamoDB's
 * limits, so something that works against the embedded SQLite store in development cannot start
 * failing once it runs against DynamoDB in production.
 */
import type { PutOptions, StoreKey } from './store.js';

/** DynamoDB caps a partition key at 2048 bytes and a sort key at 1024 bytes (UTF-8). */
export const MAX_PK_BYTES = 2048;
export const MAX_SK_BYTES = 1024;
/**
 * DynamoDB items are at most 400 KB including attribute names and keys; keeping the JSON value
 * under 350 KiB leaves room for the keys and bookkeeping attributes.
 */
export const MAX_VALUE_BYTES = 350 * 1024;

/** Leases live in the ordinary keyspace, one item per lease name, so both adapters treat them alike. */
export const LEASE_PARTITION = 'lease';

/** The detail messages of ConditionFailedError, identical in every adapter. */
export const conditionDetail = {
  exists: 'an item with this key already exists',
  version: (expected: number) =>
    `expected version ${expected}, but the item is absent, expired or at another version`,
};

// String.prototype.isWellFormed is ES2024; the project targets ES2023 typings.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkKeyPart(name: 'pk' | 'sk', part: unknown, maxBytes: number): string {
  if (typeof part !== 'string' || part.length === 0) {
    throw new TypeError(`store key ${name} must be a non-empty string, got ${describe(part)}`);
  }
  if (LONE_SURROGATE.test(part)) {
    // A lone surrogate cannot be encoded as UTF-8: SQLite would silently replace it and
    // DynamoDB would reject it, so two keys could collide in one adapter and not the other.
    throw new TypeError(`store key ${name} contains an unpaired UTF-16 surrogate`);
  }
  const bytes = Buffer.byteLength(part, 'utf8');
  if (bytes > maxBytes) {
    throw new RangeError(`store key ${name} is ${bytes} bytes of UTF-8; the limit is ${maxBytes}`);
  }
  return part;
}

/** Validates a key and returns a plain copy (callers may pass objects with extra fields). */
export function checkKey(key: StoreKey): StoreKey {
  if (typeof key !== 'object' || key === null) {
    throw new TypeError(`store key must be an object { pk, sk }, got ${describe(key)}`);
  }
  return { pk: checkKeyPart('pk', key.pk, MAX_PK_BYTES), sk: checkKeyPart('sk', key.sk, MAX_SK_BYTES) };
}

export function checkPartition(pk: string): string {
  return checkKeyPart('pk', pk, MAX_PK_BYTES);
}

/** A query prefix may be empty (meaning "all") but must otherwise be a well-formed sort key fragment. */
export function checkPrefix(prefix: unknown): string | undefined {
  if (prefix === undefined || prefix === '') return undefined;
  if (typeof prefix !== 'string')
    throw new TypeError(`query prefix must be a string, got ${describe(prefix)}`);
  return checkKeyPart('sk', prefix, MAX_SK_BYTES);
}

export function checkLimit(limit: unknown): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) {
    throw new RangeError(`query limit must be a non-negative integer, got ${describe(limit)}`);
  }
  return limit;
}

/**
 * Turns a TTL into an absolute expiry (epoch ms, rounded up so it stays an integer and never
 * shortens the requested lifetime), or undefined when no TTL was given.
 */
export function expiryFrom(now: number, ttlMs: unknown, what = 'ttlMs'): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`${what} must be a positive number of milliseconds, got ${describe(ttlMs)}`);
  }
  const expiresAt = Math.ceil(now + ttlMs);
  if (!Number.isSafeInteger(expiresAt)) throw new RangeError(`${what} ${ttlMs} is too far in the future`);
  return expiresAt;
}

export function checkVersion(version: unknown): number {
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    throw new RangeError(`expected version must be a positive integer, got ${describe(version)}`);
  }
  return version;
}

/** Normalises a put condition, rejecting anything but `'absent'` or `{ version: n }`. */
export function checkCondition(condition: unknown): PutOptions['condition'] {
  if (condition === undefined || condition === 'absent') return condition;
  if (typeof condition === 'object' && condition !== null && 'version' in condition) {
    return { version: checkVersion(condition.version) };
  }
  throw new TypeError(`put condition must be 'absent' or { version: n }, got ${describe(condition)}`);
}

export function checkLeaseArgs(name: unknown, owner: unknown): { name: string; owner: string } {
  const sk = checkKeyPart('sk', name, MAX_SK_BYTES);
  if (typeof owner !== 'string' || owner.length === 0) {
    throw new TypeError(`lease owner must be a non-empty string, got ${describe(owner)}`);
  }
  return { name: sk, owner };
}

/** The stored value of a lease item. Adapters compare this exact JSON text to decide ownership. */
export function leaseValue(owner: string): string {
  return JSON.stringify({ owner });
}

/**
 * Values are stored as JSON text in both adapters, so what a caller gets back is always the JSON
 * round trip of what it stored (a Date comes back as its ISO string, undefined fields vanish).
 */
export function encodeValue(key: StoreKey, value: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    // BigInt and circular structures land here.
    throw new TypeError(
      `value for ${key.pk}/${key.sk} is not JSON-serializable: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (json === undefined) {
    throw new TypeError(`value for ${key.pk}/${key.sk} is not JSON-serializable (got ${describe(value)})`);
  }
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_VALUE_BYTES) {
    throw new RangeError(
      `value for ${key.pk}/${key.sk} is ${bytes} bytes of JSON; the store keeps at most ${MAX_VALUE_BYTES} ` +
        `(DynamoDB items are limited to 400 KB): keep large payloads elsewhere and store a reference`,
    );
  }
  return json;
}

export function decodeValue<T>(key: StoreKey, json: string): T {
  try {
    return JSON.parse(json) as T;
  } catch (error) {
    throw new Error(
      `stored value of ${key.pk}/${key.sk} is not valid JSON; was it written by another tool?`,
      {
        cause: error,
      },
    );
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
