/**
 * The behaviour every Store adapter must have. Each adapter's test file calls storeContract() with
 * a factory; the same cases then run against SQLite and DynamoDB (dynalite).
 *
 * Every case works in its own partitions and lease names, so a factory may hand out stores that
 * share one table (as the DynamoDB suite does) without cases seeing each other's items.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConditionFailedError, type Store, type StoreKey } from '../../src/store/store.js';

export type StoreFactory = (now: () => number) => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/** A fixed, far-future start so nothing depends on the wall clock (dynalite never sweeps TTLs). */
const START = Date.UTC(2031, 0, 1);

export function storeContract(name: string, make: StoreFactory): void {
  describe(`Store contract: ${name}`, () => {
    let clock = START;
    const now = () => clock;
    const advance = (ms: number) => {
      clock += ms;
    };
    let store: Store;
    let cleanup: () => Promise<void>;
    let ns: string;
    /** A partition unique to the running case. */
    const part = (name = 'p') => `${ns}#${name}`;
    const key = (sk: string, pk = part()): StoreKey => ({ pk, sk });

    beforeEach(async () => {
      clock = START;
      ns = `case-${randomUUID()}`;
      ({ store, cleanup } = await make(now));
    });

    afterEach(async () => {
      await cleanup();
    });

    describe('get and put', () => {
      it('returns undefined for an absent key', async () => {
        expect(await store.get(key('nothing-here'))).toBeUndefined();
      });

      it('round-trips nested JSON and unicode and returns the stored item', async () => {
        const value = {
          title: 'デプロイ 🚀 — “quoted” \\ back\\slash',
          nested: { list: [1, 2.5, -3, null, true, false, 'x', { deep: { deeper: ['é', '𝄞'] } }] },
          empty: { string: '', array: [], object: {} },
          big: Number.MAX_SAFE_INTEGER,
        };
        const put = await store.put(key('doc'), value);
        expect(put).toStrictEqual({ pk: part(), sk: 'doc', value, version: 1 });
        expect(await store.get(key('doc'))).toStrictEqual({ pk: part(), sk: 'doc', value, version: 1 });
      });

      it('stores primitives and arrays as values', async () => {
        const values: unknown[] = ['text', 0, -1.5, true, false, null, [1, 'two', [3]]];
        for (const [i, value] of values.entries()) {
          await store.put(key(`v${i}`), value);
          expect((await store.get(key(`v${i}`)))?.value).toStrictEqual(value);
        }
      });

      it('keeps the JSON round trip of a value, as put() reports it', async () => {
        const value = { when: new Date(Date.UTC(2030, 5, 1)), gone: undefined, kept: 1 };
        const put = await store.put(key('json'), value);
        const expected = { when: '2030-06-01T00:00:00.000Z', kept: 1 };
        expect(put.value).toStrictEqual(expected);
        expect((await store.get(key('json')))?.value).toStrictEqual(expected);
      });

      it('increments the version on every put', async () => {
        expect((await store.put(key('counter'), 'a')).version).toBe(1);
        expect((await store.put(key('counter'), 'b')).version).toBe(2);
        expect((await store.put(key('counter'), 'c')).version).toBe(3);
        expect(await store.get(key('counter'))).toMatchObject({ value: 'c', version: 3 });
      });

      it('an unconditional put replaces the whole item, including its expiry', async () => {
        await store.put(key('replace'), { a: 1, b: 2 }, { ttlMs: 1_000 });
        const replaced = await store.put(key('replace'), { c: 3 });
        expect(replaced).toStrictEqual({ pk: part(), sk: 'replace', value: { c: 3 }, version: 2 });
        advance(10_000);
        expect(await store.get(key('replace'))).toStrictEqual(replaced);
      });
    });

    describe('conditional writes', () => {
      it("condition 'absent' succeeds once, then throws ConditionFailedError", async () => {
        await store.put(key('once'), 'first', { condition: 'absent' });
        const error = await store
          .put(key('once'), 'second', { condition: 'absent' })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ConditionFailedError);
        expect((error as ConditionFailedError).key).toStrictEqual(key('once'));
        expect((error as Error).message).toContain(`${part()}/once`);
        expect(await store.get(key('once'))).toMatchObject({ value: 'first', version: 1 });
      });

      it('a version condition succeeds on a match and throws on a mismatch', async () => {
        await store.put(key('locked'), 'v1');
        const second = await store.put(key('locked'), 'v2', { condition: { version: 1 } });
        expect(second.version).toBe(2);
        await expect(store.put(key('locked'), 'stale', { condition: { version: 1 } })).rejects.toBeInstanceOf(
          ConditionFailedError,
        );
        await expect(
          store.put(key('locked'), 'future', { condition: { version: 7 } }),
        ).rejects.toBeInstanceOf(ConditionFailedError);
        expect(await store.get(key('locked'))).toMatchObject({ value: 'v2', version: 2 });
        expect((await store.put(key('locked'), 'v3', { condition: { version: 2 } })).version).toBe(3);
      });

      it('a version condition on an absent item throws', async () => {
        await expect(store.put(key('ghost'), 'x', { condition: { version: 1 } })).rejects.toBeInstanceOf(
          ConditionFailedError,
        );
        expect(await store.get(key('ghost'))).toBeUndefined();
      });

      it('putIfAbsent is true once, false while the item lives, and true again after it expired', async () => {
        expect(await store.putIfAbsent(key('idem'), { by: 'first' }, { ttlMs: 60_000 })).toBe(true);
        expect(await store.putIfAbsent(key('idem'), { by: 'second' }, { ttlMs: 60_000 })).toBe(false);
        expect((await store.get(key('idem')))?.value).toStrictEqual({ by: 'first' });
        advance(60_001);
        expect(await store.putIfAbsent(key('idem'), { by: 'third' })).toBe(true);
        expect(await store.get(key('idem'))).toStrictEqual({
          pk: part(),
          sk: 'idem',
          value: { by: 'third' },
          version: 1,
        });
      });

      it('putIfAbsent without a TTL keeps the key forever', async () => {
        expect(await store.putIfAbsent(key('forever'), 1)).toBe(true);
        advance(365 * 24 * 3_600_000);
        expect(await store.putIfAbsent(key('forever'), 2)).toBe(false);
      });
    });

    describe('time to live', () => {
      it('an item is live until its expiry instant and gone right after', async () => {
        const put = await store.put(key('ttl'), 'short-lived', { ttlMs: 1_000 });
        expect(put.expiresAt).toBe(START + 1_000);
        expect(await store.get(key('ttl'))).toStrictEqual({
          pk: part(),
          sk: 'ttl',
          value: 'short-lived',
          version: 1,
          expiresAt: START + 1_000,
        });
        advance(1_000);
        expect((await store.get(key('ttl')))?.value).toBe('short-lived');
        advance(1);
        expect(await store.get(key('ttl'))).toBeUndefined();
        expect(await store.query(part())).toStrictEqual([]);
      });

      it('conditions treat an expired item as absent, and a new item starts again at version 1', async () => {
        await store.put(key('lapsed'), 'old', { ttlMs: 500 });
        await store.put(key('lapsed'), 'old again', { ttlMs: 500 });
        advance(501);
        await expect(store.put(key('lapsed'), 'x', { condition: { version: 2 } })).rejects.toBeInstanceOf(
          ConditionFailedError,
        );
        expect((await store.put(key('lapsed'), 'new', { condition: 'absent' })).version).toBe(1);
      });

      it('an unconditional put over an expired item starts again at version 1', async () => {
        await store.put(key('reborn'), 'a', { ttlMs: 10 });
        await store.put(key('reborn'), 'b', { ttlMs: 10 });
        advance(11);
        expect(await store.put(key('reborn'), 'c')).toStrictEqual({
          pk: part(),
          sk: 'reborn',
          value: 'c',
          version: 1,
        });
      });

      it('renewing the TTL with a put keeps the item alive', async () => {
        await store.put(key('renew'), 1, { ttlMs: 1_000 });
        advance(900);
        await store.put(key('renew'), 2, { ttlMs: 1_000 });
        advance(900);
        expect(await store.get(key('renew'))).toMatchObject({
          value: 2,
          version: 2,
          expiresAt: START + 1_900,
        });
      });
    });

    describe('delete', () => {
      it('deletes an item, and deleting an absent one is a no-op', async () => {
        await store.put(key('doomed'), 1);
        await store.delete(key('doomed'));
        expect(await store.get(key('doomed'))).toBeUndefined();
        await expect(store.delete(key('doomed'))).resolves.toBeUndefined();
        expect((await store.put(key('doomed'), 2)).version).toBe(1);
      });

      it('with a version, deletes only that version and otherwise throws', async () => {
        await store.put(key('guarded'), 1);
        await store.put(key('guarded'), 2);
        await expect(store.delete(key('guarded'), { version: 1 })).rejects.toBeInstanceOf(
          ConditionFailedError,
        );
        expect(await store.get(key('guarded'))).toMatchObject({ value: 2, version: 2 });
        await store.delete(key('guarded'), { version: 2 });
        expect(await store.get(key('guarded'))).toBeUndefined();
        await expect(store.delete(key('guarded'), { version: 2 })).rejects.toBeInstanceOf(
          ConditionFailedError,
        );
      });

      it('with a version, treats an expired item as absent', async () => {
        await store.put(key('expired-delete'), 1, { ttlMs: 5 });
        advance(6);
        await expect(store.delete(key('expired-delete'), { version: 1 })).rejects.toBeInstanceOf(
          ConditionFailedError,
        );
      });
    });

    describe('query', () => {
      // Byte (UTF-8) order, as DynamoDB sorts: 'B' < 'a', 'é' (C3 A9) < '\uFFFD' (EF BF BD) < '😀' (F0 ..),
      // although JavaScript's UTF-16 sort would put '😀' before '\uFFFD'.
      const sortKeys = ['a', 'B', 'b', 'a#2', 'a#10', '~', 'é', '\uFFFD', '😀', '0', ' '];
      const byteOrder = [...sortKeys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));

      async function seed(pk = part()) {
        for (const sk of sortKeys) await store.put(key(sk, pk), { sk });
      }

      it('returns a partition in ascending byte order of sk', async () => {
        await seed();
        const items = await store.query<{ sk: string }>(part());
        expect(items.map((i) => i.sk)).toStrictEqual(byteOrder);
        expect(items.every((i) => i.pk === part() && i.value.sk === i.sk && i.version === 1)).toBe(true);
      });

      it('returns it in descending order on request', async () => {
        await seed();
        const items = await store.query(part(), { descending: true });
        expect(items.map((i) => i.sk)).toStrictEqual([...byteOrder].reverse());
      });

      it('filters by sk prefix', async () => {
        for (const sk of ['order', 'order#1', 'order#2', 'order#2#line', 'orders', 'orde', 'other']) {
          await store.put(key(sk), sk);
        }
        const asc = await store.query(part(), { prefix: 'order#' });
        expect(asc.map((i) => i.sk)).toStrictEqual(['order#1', 'order#2', 'order#2#line']);
        const desc = await store.query(part(), { prefix: 'order', descending: true });
        expect(desc.map((i) => i.sk)).toStrictEqual([
          'orders',
          'order#2#line',
          'order#2',
          'order#1',
          'order',
        ]);
        expect(await store.query(part(), { prefix: 'zzz' })).toStrictEqual([]);
        expect(await store.query(part(), { prefix: '' })).toHaveLength(7);
      });

      it('filters by prefixes ending in unusual code points', async () => {
        const odd = [
          'k\u{10FFFF}',
          'k\u{10FFFF}a',
          'k\u{10FFFF}\u{10FFFF}',
          'k\uD7FF',
          'k\uD7FFz',
          'k\uE000',
          'l',
        ];
        for (const sk of odd) await store.put(key(sk), sk);
        const top = await store.query(part(), { prefix: 'k\u{10FFFF}' });
        expect(top.map((i) => i.sk)).toStrictEqual(['k\u{10FFFF}', 'k\u{10FFFF}a', 'k\u{10FFFF}\u{10FFFF}']);
        const beforeSurrogates = await store.query(part(), { prefix: 'k\uD7FF' });
        expect(beforeSurrogates.map((i) => i.sk)).toStrictEqual(['k\uD7FF', 'k\uD7FFz']);
      });

      it('honours limit in both directions and with a prefix', async () => {
        await seed();
        expect((await store.query(part(), { limit: 3 })).map((i) => i.sk)).toStrictEqual(
          byteOrder.slice(0, 3),
        );
        expect((await store.query(part(), { limit: 2, descending: true })).map((i) => i.sk)).toStrictEqual(
          [...byteOrder].reverse().slice(0, 2),
        );
        expect((await store.query(part(), { limit: 1, prefix: 'a#' })).map((i) => i.sk)).toStrictEqual([
          'a#10',
        ]);
        expect(await store.query(part(), { limit: 100 })).toHaveLength(sortKeys.length);
        expect(await store.query(part(), { limit: 0 })).toStrictEqual([]);
      });

      it('hides expired items, also when they sit between the live ones a limit asks for', async () => {
        for (let i = 0; i < 12; i++) {
          const sk = `item#${String(i).padStart(2, '0')}`;
          await store.put(key(sk), i, i % 3 === 0 ? {} : { ttlMs: 100 });
        }
        advance(101);
        const live = ['item#00', 'item#03', 'item#06', 'item#09'];
        expect((await store.query(part())).map((i) => i.sk)).toStrictEqual(live);
        expect((await store.query(part(), { limit: 2 })).map((i) => i.sk)).toStrictEqual(live.slice(0, 2));
        expect((await store.query(part(), { limit: 3, descending: true })).map((i) => i.sk)).toStrictEqual(
          [...live].reverse().slice(0, 3),
        );
      });

      it('never mixes partitions, even ones sharing a prefix', async () => {
        await store.put(key('1', part('x')), 'x');
        await store.put(key('1', part('x#sub')), 'x#sub');
        await store.put(key('1', part('xy')), 'xy');
        await store.put(key('1', part('X')), 'X');
        expect((await store.query(part('x'))).map((i) => i.value)).toStrictEqual(['x']);
        expect((await store.query(part('x#sub'))).map((i) => i.value)).toStrictEqual(['x#sub']);
        expect(await store.query(part('nothing'))).toStrictEqual([]);
      });
    });

    describe('leases', () => {
      const lease = () => `${ns}-schedule`;

      it('is granted when free and renewed by the same owner', async () => {
        expect(await store.acquireLease(lease(), 'replica-a', 30_000)).toStrictEqual({
          name: lease(),
          owner: 'replica-a',
          expiresAt: START + 30_000,
        });
        advance(10_000);
        expect(await store.acquireLease(lease(), 'replica-a', 30_000)).toStrictEqual({
          name: lease(),
          owner: 'replica-a',
          expiresAt: START + 40_000,
        });
      });

      it('is refused to another owner while held, up to and including its expiry instant', async () => {
        await store.acquireLease(lease(), 'replica-a', 30_000);
        expect(await store.acquireLease(lease(), 'replica-b', 30_000)).toBeUndefined();
        advance(30_000);
        expect(await store.acquireLease(lease(), 'replica-b', 30_000)).toBeUndefined();
      });

      it('is taken over by another owner after it lapsed, which then locks out the first', async () => {
        await store.acquireLease(lease(), 'replica-a', 30_000);
        advance(30_001);
        expect(await store.acquireLease(lease(), 'replica-b', 5_000)).toStrictEqual({
          name: lease(),
          owner: 'replica-b',
          expiresAt: START + 35_001,
        });
        expect(await store.acquireLease(lease(), 'replica-a', 30_000)).toBeUndefined();
      });

      it('a lapsed lease can be taken again by its previous owner', async () => {
        await store.acquireLease(lease(), 'replica-a', 1_000);
        advance(1_001);
        expect(await store.acquireLease(lease(), 'replica-a', 1_000)).toMatchObject({
          expiresAt: START + 2_001,
        });
      });

      it('is released only by its owner', async () => {
        await store.acquireLease(lease(), 'replica-a', 30_000);
        await store.releaseLease(lease(), 'replica-b');
        expect(await store.acquireLease(lease(), 'replica-b', 30_000)).toBeUndefined();
        await store.releaseLease(lease(), 'replica-a');
        expect(await store.acquireLease(lease(), 'replica-b', 30_000)).toMatchObject({ owner: 'replica-b' });
        await expect(store.releaseLease(`${lease()}-never-taken`, 'replica-a')).resolves.toBeUndefined();
      });

      it('keeps leases apart by name', async () => {
        expect(await store.acquireLease(`${lease()}-1`, 'replica-a', 30_000)).toBeDefined();
        expect(await store.acquireLease(`${lease()}-2`, 'replica-b', 30_000)).toBeDefined();
      });

      it("is an item in the 'lease' partition whose value names the owner", async () => {
        await store.acquireLease(lease(), 'replica-a', 30_000);
        expect(await store.get({ pk: 'lease', sk: lease() })).toStrictEqual({
          pk: 'lease',
          sk: lease(),
          value: { owner: 'replica-a' },
          version: 1,
          expiresAt: START + 30_000,
        });
      });
    });

    describe('concurrency', () => {
      it('20 parallel putIfAbsent calls on one key: exactly one wins, and its value is kept', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.putIfAbsent(key('race'), { winner: i })),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = results.indexOf(true);
        expect(await store.get(key('race'))).toMatchObject({ value: { winner }, version: 1 });
      });

      it('10 parallel acquireLease calls by different owners: exactly one lease', async () => {
        const leases = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.acquireLease(`${ns}-race`, `replica-${i}`, 30_000)),
        );
        const granted = leases.filter((l) => l !== undefined);
        expect(granted).toHaveLength(1);
        expect(await store.get({ pk: 'lease', sk: `${ns}-race` })).toMatchObject({
          value: { owner: granted[0]?.owner },
        });
      });

      it('parallel acquireLease calls by one owner all succeed', async () => {
        const leases = await Promise.all(
          Array.from({ length: 5 }, () => store.acquireLease(`${ns}-same`, 'replica-a', 30_000)),
        );
        expect(leases.every((l) => l?.owner === 'replica-a')).toBe(true);
      });

      it('10 parallel unconditional puts lose no version', async () => {
        const items = await Promise.all(Array.from({ length: 10 }, (_, i) => store.put(key('busy'), i)));
        expect(items.map((i) => i.version).sort((a, b) => a - b)).toStrictEqual([
          1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        ]);
        expect((await store.get(key('busy')))?.version).toBe(10);
      });

      it('10 parallel unconditional puts over an expired item restart at 1 and lose no version', async () => {
        await store.put(key('revive'), 'old', { ttlMs: 10 });
        advance(11);
        const items = await Promise.all(Array.from({ length: 10 }, (_, i) => store.put(key('revive'), i)));
        expect(items.map((i) => i.version).sort((a, b) => a - b)).toStrictEqual([
          1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        ]);
      });

      it('parallel writers with the same expected version: exactly one succeeds', async () => {
        await store.put(key('optimistic'), 0);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) => store.put(key('optimistic'), i, { condition: { version: 1 } })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes) {
          if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConditionFailedError);
        }
      });
    });

    describe('unusual keys and values', () => {
      it('accepts keys with #, /, spaces, quotes, emoji and SQL-looking text', async () => {
        const pk = part("team #1 / 'ops' 🚒");
        const sks = [
          'a#b#c',
          'path/to/thing',
          '  spaced  out ',
          '😀🚀',
          "'; DROP TABLE items; --",
          'percent %_ wildcard * ? [x]',
          'line\nbreak\ttab',
          'back\\slash "quoted"',
        ];
        for (const sk of sks) {
          await store.put({ pk, sk }, { sk });
          expect(await store.get({ pk, sk })).toMatchObject({ pk, sk, value: { sk } });
        }
        const listed = await store.query(pk);
        expect(listed.map((i) => i.sk).sort()).toStrictEqual([...sks].sort());
        expect((await store.query(pk, { prefix: 'percent %_' })).map((i) => i.sk)).toStrictEqual([
          'percent %_ wildcard * ? [x]',
        ]);
      });

      it('accepts keys at the DynamoDB size limits and refuses longer ones', async () => {
        const pk = `${part()}${'p'.repeat(2048 - Buffer.byteLength(part()))}`;
        const sk = 'é'.repeat(512); // two bytes each: exactly 1024
        await store.put({ pk, sk }, 'max');
        expect((await store.get({ pk, sk }))?.value).toBe('max');
        await expect(store.put({ pk: `${pk}p`, sk: 'x' }, 1)).rejects.toThrow(
          /pk is 2049 bytes.*limit is 2048/,
        );
        await expect(store.put({ pk, sk: `${sk}s` }, 1)).rejects.toThrow(/sk is 1025 bytes.*limit is 1024/);
      });

      it('round-trips a ~100 KB value', async () => {
        const value = {
          rows: Array.from({ length: 1_000 }, (_, i) => ({
            id: i,
            name: `row ${i} ✓`,
            tags: ['a', 'b', 'c'],
          })),
          blob: 'x'.repeat(40_000),
        };
        expect(Buffer.byteLength(JSON.stringify(value))).toBeGreaterThan(90_000);
        await store.put(key('large'), value);
        expect((await store.get(key('large')))?.value).toStrictEqual(value);
        expect((await store.query(part()))[0]?.value).toStrictEqual(value);
      });
    });

    describe('hostile input', () => {
      it('rejects empty, missing and non-string keys with a TypeError', async () => {
        await expect(store.get({ pk: '', sk: 'x' })).rejects.toThrow(/pk must be a non-empty string/);
        await expect(store.put({ pk: part(), sk: '' }, 1)).rejects.toThrow(/sk must be a non-empty string/);
        await expect(store.get({ pk: 42, sk: 'x' } as unknown as StoreKey)).rejects.toThrow(TypeError);
        await expect(store.get(null as unknown as StoreKey)).rejects.toThrow(/must be an object/);
        await expect(store.query('')).rejects.toThrow(/pk must be a non-empty string/);
        await expect(store.delete({ pk: part() } as StoreKey)).rejects.toThrow(TypeError);
      });

      it('rejects keys with unpaired surrogates, which UTF-8 cannot carry', async () => {
        await expect(store.put({ pk: part(), sk: 'bad\uD800' }, 1)).rejects.toThrow(
          /unpaired UTF-16 surrogate/,
        );
        await expect(store.query(part(), { prefix: '\uDC00' })).rejects.toThrow(/unpaired/);
      });

      it('rejects values that are not JSON or too large', async () => {
        const circular: Record<string, unknown> = {};
        circular.self = circular;
        await expect(store.put(key('bad'), undefined)).rejects.toThrow(/not JSON-serializable/);
        await expect(store.put(key('bad'), () => 1)).rejects.toThrow(/not JSON-serializable/);
        await expect(store.put(key('bad'), { n: 1n })).rejects.toThrow(/not JSON-serializable/);
        await expect(store.put(key('bad'), circular)).rejects.toThrow(/not JSON-serializable/);
        await expect(store.put(key('bad'), 'x'.repeat(400_000))).rejects.toThrow(/bytes of JSON.*at most/);
        expect(await store.get(key('bad'))).toBeUndefined();
      });

      it('rejects bad TTLs, limits, versions and conditions', async () => {
        for (const ttlMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '60' as unknown as number]) {
          await expect(store.put(key('ttl'), 1, { ttlMs })).rejects.toThrow(
            /ttlMs must be a positive number/,
          );
          await expect(store.acquireLease(`${ns}-l`, 'a', ttlMs)).rejects.toThrow(/ttlMs must be a positive/);
        }
        await expect(store.query(part(), { limit: -1 })).rejects.toThrow(
          /limit must be a non-negative integer/,
        );
        await expect(store.query(part(), { limit: 1.5 })).rejects.toThrow(RangeError);
        await expect(store.put(key('v'), 1, { condition: { version: 0 } })).rejects.toThrow(
          /positive integer/,
        );
        await expect(store.delete(key('v'), { version: Number.NaN })).rejects.toThrow(/positive integer/);
        await expect(store.put(key('v'), 1, { condition: 'present' as unknown as 'absent' })).rejects.toThrow(
          /condition must be 'absent' or \{ version: n \}/,
        );
        await expect(store.acquireLease(`${ns}-l`, '', 1_000)).rejects.toThrow(
          /owner must be a non-empty string/,
        );
        await expect(store.acquireLease('', 'a', 1_000)).rejects.toThrow(/non-empty string/);
        expect(await store.get(key('ttl'))).toBeUndefined();
      });
    });

    describe('close', () => {
      it('refuses work after close, and closing twice is harmless', async () => {
        await store.put(key('before'), 1);
        await store.close();
        await store.close();
        await expect(store.get(key('before'))).rejects.toThrow(/closed/);
        await expect(store.put(key('after'), 1)).rejects.toThrow(/closed/);
      });
    });
  });
}
