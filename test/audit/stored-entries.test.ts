import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuditLog } from '../../src/audit/audit-log.js';
import { runCommand } from '../../src/commands/run-command.js';
import { decodeItem, UnreadableItemError } from '../../src/store/decode-items.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';
import { captureLogger } from '../support/capture-logger.js';
import { type TestServices, testServices } from '../support/test-services.js';

/**
 * What the store gives back is outside input: an audit entry of an old format, or one another
 * tool wrote, is skipped with a log line and counted, never a crash or a silently short trail.
 */
let t: TestServices | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const admin = { kind: 'slack' as const, userId: 'U0ADMIN', userName: 'ada' };
const text = (result: { message: unknown }) => JSON.stringify(result.message);

describe('audit entries read back from the store', () => {
  it('skips entries that fail the schema, says how many, and logs each by key without its value', async () => {
    t = await testServices();
    const { services } = t;
    await services.audit.record({
      actor: { id: 'U0ADMIN', kind: 'slack' },
      command: 'stop dev --yes',
      verb: 'stop',
      environment: 'dev',
      frontDoor: 'slack',
      outcome: 'ok',
    });
    const broken: unknown[] = [
      { who: 'U0OLD', what: 'stop dev', secretish: 'do-not-log-me' }, // an older layout
      {
        id: 'x',
        at: 'yesterday',
        actor: { id: 'U1', kind: 'slack' },
        command: 'c',
        verb: 'v',
        frontDoor: 'slack',
        outcome: 'ok',
      },
      {
        id: 'y',
        at: new Date().toISOString(),
        actor: { id: 'U1', kind: 'robot' },
        command: 'c',
        verb: 'v',
        frontDoor: 'slack',
        outcome: 'pending',
      },
      'just a string',
      null,
    ];
    for (const [i, value] of broken.entries())
      await services.store.put({ pk: 'audit', sk: `2020-01-0${i + 1}T00:00:00.000Z#000000#bad${i}` }, value);

    const result = await runCommand('audit 20', {
      actor: admin,
      channelId: 'C0INFRA',
      frontDoor: 'slack',
      services,
    });
    expect(result.outcome).toBe('ok');
    expect(text(result)).toContain('stop dev --yes');
    expect(text(result)).toContain('5 stored entries could not be read');
    const logs = t.logs().join('\n');
    expect(logs.match(/skipped a stored audit entry/g)).toHaveLength(5);
    expect(logs).toContain('#bad0');
    expect(logs).not.toContain('do-not-log-me');
  });

  it('says there is nothing readable rather than "nothing recorded" when every entry is unreadable', async () => {
    t = await testServices();
    await t.services.store.put({ pk: 'audit', sk: '2020-01-01T00:00:00.000Z#000000#old' }, { old: true });
    const result = await runCommand('audit', {
      actor: admin,
      channelId: 'C0INFRA',
      frontDoor: 'slack',
      services: t.services,
    });
    expect(text(result)).toContain('No readable entries.');
    expect(text(result)).not.toContain('Nothing has been recorded yet');
    expect(text(result)).toContain('1 stored entry could not be read');
  });

  it('a value that is not JSON at all (another tool wrote the row) ends in a clear error, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infrabot-audit-'));
    const path = join(dir, 'state.sqlite');
    try {
      const store = createSqliteStore({ path });
      const { logger, lines } = captureLogger();
      const audit = new AuditLog(store, logger, { now: () => new Date() });
      await audit.record({
        actor: { id: 'ops', kind: 'terminal' },
        command: 'status',
        verb: 'status',
        frontDoor: 'terminal',
        outcome: 'ok',
      });
      const raw = new Database(path);
      raw.prepare("UPDATE items SET value = '{not json' WHERE pk = 'audit'").run();
      raw.close();
      await expect(audit.read(10)).rejects.toThrow(
        /stored value of audit\/.* is not valid JSON; was it written by another tool\?/,
      );
      expect(lines().join('\n')).not.toContain('{not json');
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('decodeItem', () => {
  it('returns the typed item, or throws an error naming the key, the problem and what to do', () => {
    const schema = z.object({ at: z.number() });
    expect(decodeItem({ pk: 'p', sk: 's', version: 1, value: { at: 1 } }, schema, 'probe').value.at).toBe(1);
    const bad = () => decodeItem({ pk: 'p', sk: 's', version: 1, value: { at: 'one' } }, schema, 'probe');
    expect(bad).toThrow(UnreadableItemError);
    expect(bad).toThrow(
      /the stored probe p\/s cannot be read \(at: .*\).*Delete it, or run the version that wrote it/,
    );
  });
});
