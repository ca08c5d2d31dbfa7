/**
 * The embedded Store: one SQLite file (or memory), no server. The bot and the terminal CLI may
 * open the same file at once, so it runs in WAL mode (readers never block the writer) with a busy
 * timeout, and every read-modify-write runs in a BEGIN IMMEDIATE transaction so two processes
 * can't both pass a condition check.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { prefixUpperBound } from './prefix-upper-bound.js';
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

export interface SqliteStoreOptions {
  /** A file path, or `:memory:` for a private throwaway database. */
  path: string;
  /** Clock in epoch milliseconds; tests pass a controllable one. */
  now?: () => number;
}

/** Bumped when the table layout changes; a file from a newer version is refused rather than corrupted. */
const SCHEMA_VERSION = 1;
/** How long a writer waits for another process's transaction before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;
/** Expired rows are invisible anyway; deleting them every so many writes just bounds the file size. */
const PURGE_EVERY_WRITES = 200;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS items (
    pk TEXT NOT NULL,
    sk TEXT NOT NULL,
    value TEXT NOT NULL,
    version INTEGER NOT NULL,
    expires_at INTEGER,
    PRIMARY KEY (pk, sk)
  );
  CREATE INDEX IF NOT EXISTS items_expires_at ON items (expires_at) WHERE expires_at IS NOT NULL;
`;

interface Row {
  value: string;
  version: number;
  expires_at: number | null;
}

interface QueryRow extends Row {
  sk: string;
}

export function createSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? Date.now;
  const { db, location } = openDatabase(options.path);

  let statements: ReturnType<typeof prepare>;
  try {
    statements = prepare(db);
    statements.purge.run(now());
  } catch (error) {
    db.close();
    throw openError(location, error);
  }
  const { select, upsert, remove, removeLease, purge } = statements;
  const queries = new Map<string, Database.Statement>();
  let closed = false;
  let writesSincePurge = 0;

  const isLive = (row: Row, at: number) => row.expires_at === null || row.expires_at >= at;

  const toItem = <T>(key: StoreKey, row: Row): StoreItem<T> => {
    const item: StoreItem<T> = {
      pk: key.pk,
      sk: key.sk,
      value: decodeValue<T>(key, row.value),
      version: row.version,
    };
    if (row.expires_at !== null) item.expiresAt = row.expires_at;
    return item;
  };

  const ensureOpen = () => {
    if (closed) throw new Error(`the SQLite store at ${location} is closed`);
  };

  const afterWrite = () => {
    writesSincePurge += 1;
    if (writesSincePurge >= PURGE_EVERY_WRITES) {
      writesSincePurge = 0;
      try {
        purge.run(now());
      } catch {
        // Housekeeping only: the write already committed, and a busy file is purged next time.
      }
    }
  };

  // IMMEDIATE takes the write lock up front: a deferred transaction that reads and then tries to
  // upgrade to a write can fail with SQLITE_BUSY immediately instead of waiting out busy_timeout.
  const writeTransaction = <A extends unknown[], R>(fn: (...args: A) => R) => {
    const tx = db.transaction(fn);
    return (...args: A): R => tx.immediate(...args);
  };

  const putTx = writeTransaction(
    (key: StoreKey, json: string, condition: PutOptions['condition'], ttlMs: number | undefined): Row => {
      const at = now();
      const expiresAt = expiryFrom(at, ttlMs) ?? null;
      const current = select.get(key.pk, key.sk) as Row | undefined;
      const live = current && isLive(current, at) ? current : undefined;
      if (condition === 'absent' && live) throw new ConditionFailedError(key, conditionDetail.exists);
      if (typeof condition === 'object' && live?.version !== condition.version) {
        throw new ConditionFailedError(key, conditionDetail.version(condition.version));
      }
      const row: Row = { value: json, version: (live?.version ?? 0) + 1, expires_at: expiresAt };
      upsert.run(key.pk, key.sk, row.value, row.version, row.expires_at);
      return row;
    },
  );

  const deleteTx = writeTransaction((key: StoreKey, version: number | undefined): void => {
    if (version !== undefined) {
      const current = select.get(key.pk, key.sk) as Row | undefined;
      if (!current || !isLive(current, now()) || current.version !== version) {
        throw new ConditionFailedError(key, conditionDetail.version(version));
      }
    }
    remove.run(key.pk, key.sk);
  });

  const leaseTx = writeTransaction((name: string, owner: string, ttlMs: number): Lease | undefined => {
    const at = now();
    const expiresAt = expiryFrom(at, ttlMs)!;
    const mine = leaseValue(owner);
    const current = select.get(LEASE_PARTITION, name) as Row | undefined;
    const live = current && isLive(current, at) ? current : undefined;
    if (live && live.value !== mine) return undefined;
    // Renewing keeps counting versions; taking a free or lapsed lease creates the item afresh.
    upsert.run(LEASE_PARTITION, name, mine, (live?.version ?? 0) + 1, expiresAt);
    return { name, owner, expiresAt };
  });

  const queryStatement = (hasPrefix: boolean, hasUpper: boolean, descending: boolean, hasLimit: boolean) => {
    const id = `${hasPrefix}${hasUpper}${descending}${hasLimit}`;
    let statement = queries.get(id);
    if (!statement) {
      const sql =
        'SELECT sk, value, version, expires_at FROM items WHERE pk = @pk' +
        (hasPrefix ? ' AND sk >= @prefix' : '') +
        (hasUpper ? ' AND sk < @upper' : '') +
        ' AND (expires_at IS NULL OR expires_at >= @now)' +
        ` ORDER BY sk ${descending ? 'DESC' : 'ASC'}` +
        (hasLimit ? ' LIMIT @limit' : '');
      statement = db.prepare(sql);
      queries.set(id, statement);
    }
    return statement;
  };

  const put = async <T = unknown>(key: StoreKey, value: T, options?: PutOptions): Promise<StoreItem<T>> => {
    ensureOpen();
    const k = checkKey(key);
    const json = encodeValue(k, value);
    const condition = checkCondition(options?.condition);
    const ttlMs = options?.ttlMs;
    expiryFrom(now(), ttlMs); // validate before taking the write lock
    const row = putTx(k, json, condition, ttlMs);
    afterWrite();
    return toItem<T>(k, row);
  };

  return {
    async get<T = unknown>(key: StoreKey) {
      ensureOpen();
      const k = checkKey(key);
      const row = select.get(k.pk, k.sk) as Row | undefined;
      return row && isLive(row, now()) ? toItem<T>(k, row) : undefined;
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
      ensureOpen();
      const k = checkKey(key);
      const version = options?.version === undefined ? undefined : checkVersion(options.version);
      deleteTx(k, version);
      afterWrite();
    },

    async query<T = unknown>(pk: string, options?: QueryOptions) {
      ensureOpen();
      const partition = checkPartition(pk);
      const prefix = checkPrefix(options?.prefix);
      const limit = checkLimit(options?.limit);
      if (limit === 0) return [];
      const upper = prefix === undefined ? undefined : prefixUpperBound(prefix);
      const statement = queryStatement(
        prefix !== undefined,
        upper !== undefined,
        options?.descending === true,
        limit !== undefined,
      );
      const params: Record<string, unknown> = { pk: partition, now: now() };
      if (prefix !== undefined) params.prefix = prefix;
      if (upper !== undefined) params.upper = upper;
      if (limit !== undefined) params.limit = limit;
      const rows = statement.all(params) as QueryRow[];
      return rows.map((row) => toItem<T>({ pk: partition, sk: row.sk }, row));
    },

    async acquireLease(name: string, owner: string, ttlMs: number) {
      ensureOpen();
      const args = checkLeaseArgs(name, owner);
      expiryFrom(now(), ttlMs, 'lease ttlMs');
      const lease = leaseTx(args.name, args.owner, ttlMs);
      afterWrite();
      return lease;
    },

    async releaseLease(name: string, owner: string) {
      ensureOpen();
      const args = checkLeaseArgs(name, owner);
      // Only the exact value this owner wrote matches, so a lease someone else took over stays.
      removeLease.run(LEASE_PARTITION, args.name, leaseValue(args.owner));
      afterWrite();
    },

    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

function prepare(db: Database.Database) {
  return {
    select: db.prepare('SELECT value, version, expires_at FROM items WHERE pk = ? AND sk = ?'),
    upsert: db.prepare(
      `INSERT INTO items (pk, sk, value, version, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (pk, sk) DO UPDATE SET
         value = excluded.value, version = excluded.version, expires_at = excluded.expires_at`,
    ),
    remove: db.prepare('DELETE FROM items WHERE pk = ? AND sk = ?'),
    removeLease: db.prepare('DELETE FROM items WHERE pk = ? AND sk = ? AND value = ?'),
    purge: db.prepare('DELETE FROM items WHERE expires_at IS NOT NULL AND expires_at < ?'),
  };
}

function openDatabase(path: string): { db: Database.Database; location: string } {
  if (typeof path !== 'string' || path.trim() === '') {
    // better-sqlite3 would quietly open an anonymous temporary database for ''.
    throw new TypeError('SQLite store path must be a file path or ":memory:"');
  }
  if (path === ':memory:') {
    const db = new Database(':memory:');
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return { db, location: ':memory:' };
  }
  const location = resolve(path);
  let db: Database.Database | undefined;
  try {
    mkdirSync(dirname(location), { recursive: true });
    db = new Database(location, { timeout: BUSY_TIMEOUT_MS });
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL is still crash-safe for the database; it only risks the last commits on power loss.
    db.pragma('synchronous = NORMAL');
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > SCHEMA_VERSION) {
      throw new Error(
        `it was written by a newer infrabot (schema ${found}, this one knows ${SCHEMA_VERSION}); upgrade infrabot`,
      );
    }
    db.exec(SCHEMA);
    if (found < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return { db, location };
  } catch (error) {
    db?.close();
    throw openError(location, error);
  }
}

function openError(location: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(
    `cannot open the SQLite store at "${location}": ${reason}. ` +
      'Check that the directory exists or can be created, that this user may write to it, and that the file ' +
      'is an infrabot store (not another database); or point INFRABOT_STORE at another path ' +
      '(sqlite:<path>, or memory for a throwaway store).',
    { cause: error },
  );
}
