import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { storeContract } from './store-contract.js';

let dir: string;
let files = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'infrabot-sqlite-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const freshPath = () => join(dir, `nested-${++files}`, 'dir', 'store.db');

storeContract('sqlite file', async (now) => {
  const path = freshPath();
  const store = createSqliteStore({ path, now });
  return { store, cleanup: () => store.close() };
});

storeContract('sqlite :memory:', async (now) => {
  const store = createSqliteStore({ path: ':memory:', now });
  return { store, cleanup: () => store.close() };
});

describe('SQLite store specifics', () => {
  it('creates missing parent directories and uses WAL so readers and the writer do not block', async () => {
    const path = freshPath();
    const store = createSqliteStore({ path });
    await store.put({ pk: 'p', sk: 's' }, 1);
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.prepare('SELECT pk, sk, value, version, expires_at FROM items').all()).toStrictEqual([
        { pk: 'p', sk: 's', value: '1', version: 1, expires_at: null },
      ]);
    } finally {
      raw.close();
      await store.close();
    }
  });

  it("two Store instances on one file see each other's writes and conditions", async () => {
    const path = freshPath();
    const bot = createSqliteStore({ path });
    const cli = createSqliteStore({ path });
    try {
      await bot.put({ pk: 'env#dev', sk: 'desired' }, { api: 2 });
      expect(await cli.get({ pk: 'env#dev', sk: 'desired' })).toMatchObject({
        value: { api: 2 },
        version: 1,
      });
      expect(await cli.putIfAbsent({ pk: 'idem', sk: 'evt-1' }, 'cli')).toBe(true);
      expect(await bot.putIfAbsent({ pk: 'idem', sk: 'evt-1' }, 'bot')).toBe(false);
      expect(await bot.acquireLease('schedule', 'bot', 60_000)).toBeDefined();
      expect(await cli.acquireLease('schedule', 'cli', 60_000)).toBeUndefined();
      await cli.delete({ pk: 'env#dev', sk: 'desired' }, { version: 1 });
      expect(await bot.get({ pk: 'env#dev', sk: 'desired' })).toBeUndefined();
    } finally {
      await bot.close();
      await cli.close();
    }
  });

  it('two processes writing the same file lose no write and split every race exactly once', {
    timeout: 60_000,
  }, async () => {
    // Each round must be correct. Overlap is up to the OS scheduler (on a busy machine one child
    // can finish before the other starts), so rounds repeat until one shows the writers interleaved.
    let interleavedRounds = 0;
    for (let round = 0; round < 5 && interleavedRounds === 0; round++) {
      const path = freshPath();
      // Create the file first so both children race on writes, not on creating the schema.
      await createSqliteStore({ path }).close();
      const count = 300;
      const children = ['first', 'second'].map((who) => startWriter(path, who, count));
      await Promise.all(children.map((child) => child.ready));
      for (const child of children) child.go();
      const summaries = await Promise.all(children.map((child) => child.done));
      expect(summaries.reduce((sum, s) => sum + s.racesWon, 0)).toBe(count);
      expect(summaries.reduce((sum, s) => sum + s.leasesWon, 0)).toBe(count);
      const store = createSqliteStore({ path });
      try {
        expect((await store.get({ pk: 'shared', sk: 'counter' }))?.version).toBe(2 * count);
      } finally {
        await store.close();
      }
      if (summaries.reduce((sum, s) => sum + s.interleaved, 0) > 0) interleavedRounds++;
    }
    expect(interleavedRounds).toBeGreaterThan(0);
  });

  it('purges expired rows when a store opens', async () => {
    const path = freshPath();
    let clock = 1_000_000;
    const first = createSqliteStore({ path, now: () => clock });
    await first.put({ pk: 'p', sk: 'short' }, 1, { ttlMs: 1_000 });
    await first.put({ pk: 'p', sk: 'forever' }, 2);
    await first.close();
    clock += 5_000;
    const second = createSqliteStore({ path, now: () => clock });
    await second.close();
    const raw = new Database(path, { readonly: true });
    try {
      expect(raw.prepare('SELECT sk FROM items').all()).toStrictEqual([{ sk: 'forever' }]);
    } finally {
      raw.close();
    }
  });

  it('purges expired rows every few hundred writes', async () => {
    const path = freshPath();
    let clock = 1_000_000;
    const store = createSqliteStore({ path, now: () => clock });
    try {
      for (let i = 0; i < 50; i++) await store.put({ pk: 'p', sk: `gone#${i}` }, i, { ttlMs: 10 });
      clock += 100;
      for (let i = 0; i < 200; i++) await store.put({ pk: 'p', sk: 'kept' }, i);
      const raw = new Database(path, { readonly: true });
      try {
        expect(raw.prepare('SELECT count(*) AS n FROM items').get()).toStrictEqual({ n: 1 });
      } finally {
        raw.close();
      }
    } finally {
      await store.close();
    }
  });

  describe('a path that cannot be opened gives an error naming the path and the fix', () => {
    it('when a parent is a regular file', () => {
      const file = join(dir, 'plain-file');
      writeFileSync(file, 'not a directory');
      const path = join(file, 'sub', 'store.db');
      expect(() => createSqliteStore({ path })).toThrow(
        new RegExp(
          `cannot open the SQLite store at "${escapeRegExp(path)}": .*Check that the directory exists.*INFRABOT_STORE`,
        ),
      );
    });

    it('when the path is a directory', () => {
      const path = join(dir, 'a-directory');
      mkdirSync(path);
      expect(() => createSqliteStore({ path })).toThrow(
        new RegExp(`cannot open the SQLite store at "${escapeRegExp(path)}"`),
      );
    });

    it('when the file is not a database', () => {
      const path = join(dir, 'notes.txt');
      writeFileSync(path, 'these are my notes, not a database\n'.repeat(200));
      expect(() => createSqliteStore({ path })).toThrow(
        /notes\.txt": file is not a database\. .*not another database/,
      );
    });

    it('when the file is another application’s database', () => {
      const path = join(dir, 'other-app.db');
      const other = new Database(path);
      other.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)');
      other.close();
      expect(() => createSqliteStore({ path })).toThrow(/other-app\.db": .*(no such column|has no column)/);
    });

    it('when the file comes from a newer infrabot', () => {
      const path = join(dir, 'future.db');
      const future = new Database(path);
      future.pragma('user_version = 99');
      future.close();
      expect(() => createSqliteStore({ path })).toThrow(/written by a newer infrabot \(schema 99/);
    });

    it('when the path is empty', () => {
      expect(() => createSqliteStore({ path: '' })).toThrow(/path must be a file path or ":memory:"/);
    });
  });
});

interface WriterSummary {
  racesWon: number;
  leasesWon: number;
  interleaved: number;
}

/** Runs fixtures/sqlite-writer.ts in its own Node process (see there for the protocol). */
function startWriter(path: string, who: string, count: number) {
  const writer = fileURLToPath(new URL('./fixtures/sqlite-writer.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', writer, path, who, String(count)], {
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 15_000,
  });
  let stdout = '';
  let stderr = '';
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (stdout.startsWith('ready\n')) markReady();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const done = new Promise<WriterSummary>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      markReady(); // never leave the test waiting on a child that died early
      if (code !== 0) reject(new Error(`writer ${who} exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(stdout.slice('ready\n'.length)) as WriterSummary);
    });
  });
  return { ready, done, go: () => child.stdin.write('go\n') };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
