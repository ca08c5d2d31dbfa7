/**
 * The state port. One logical table addressed by (pk, sk), like a single DynamoDB table, so the
 * production adapter (DynamoDB) and the embedded default (SQLite) have the same semantics and one
 * contract suite (test/store/store-contract.ts) runs against both.
 *
 * Everything later features keep goes through here: thread <-> incident mappings, saved desired
 * counts, schedule overrides, operations in progress, the audit trail, idempotency keys, leases.
 */

export interface StoreKey {
  /** Partition key, e.g. `audit`, `env#dev`, `incident#arn:aws:...`. */
  pk: string;
  /** Sort key within the partition; queries return items ordered by it (byte order). */
  sk: string;
}

export interface StoreItem<T = unknown> extends StoreKey {
  value: T;
  /** Starts at 1 on creation and goes up by one on every successful put; used for optimistic locking. */
  version: number;
  /** Epoch milliseconds after which the item no longer exists for readers (TTL). */
  expiresAt?: number;
}

export interface PutOptions {
  /**
   * `absent`: only write if no live item has this key (an expired item counts as absent).
   * `{ version: n }`: only write if the live item's version is exactly n (optimistic locking).
   * Omitted: unconditional write.
   */
  condition?: 'absent' | { version: number };
  /** Time to live in milliseconds from now; omitted means the item never expires. */
  ttlMs?: number;
}

export interface QueryOptions {
  /** Only items whose sk starts with this prefix. */
  prefix?: string;
  /** Maximum number of items returned. */
  limit?: number;
  /** Newest (highest sk) first. */
  descending?: boolean;
}

export interface Lease {
  name: string;
  owner: string;
  /** Epoch milliseconds when the lease lapses unless renewed. */
  expiresAt: number;
}

/** Thrown by conditional writes whose condition did not hold. Callers treat it as "someone else did it". */
export class ConditionFailedError extends Error {
  constructor(
    readonly key: StoreKey,
    detail: string,
  ) {
    super(`conditional write on ${key.pk}/${key.sk} failed: ${detail}`);
    this.name = 'ConditionFailedError';
  }
}

export interface Store {
  /** The live item, or undefined when absent or expired. */
  get<T = unknown>(key: StoreKey): Promise<StoreItem<T> | undefined>;
  /** Writes the item and returns it as stored (with its new version). Throws ConditionFailedError. */
  put<T = unknown>(key: StoreKey, value: T, options?: PutOptions): Promise<StoreItem<T>>;
  /**
   * Writes only if absent; returns true when this call created the item, false when it already
   * existed. The idempotency primitive: a Slack retry or a second replica gets `false`.
   */
  putIfAbsent<T = unknown>(key: StoreKey, value: T, options?: { ttlMs?: number }): Promise<boolean>;
  /** Deletes the item; with `version`, only if it still has that version (else ConditionFailedError). */
  delete(key: StoreKey, options?: { version?: number }): Promise<void>;
  /** Live items of one partition in sk order. */
  query<T = unknown>(pk: string, options?: QueryOptions): Promise<StoreItem<T>[]>;
  /**
   * Takes or renews the named lease for `owner` for `ttlMs`. Succeeds when the lease is free,
   * expired, or already held by the same owner. Returns the lease, or undefined if another
   * owner holds it. This is how a schedule fires once across replicas.
   */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<Lease | undefined>;
  /** Gives the lease up if `owner` holds it; a no-op otherwise. */
  releaseLease(name: string, owner: string): Promise<void>;
  /** Frees resources (database handles, sockets). */
  close(): Promise<void>;
}
