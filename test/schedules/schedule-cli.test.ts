import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentMemory } from '../../src/environments/environment-memory.js';
import { openStore } from '../../src/store/open-store.js';
import { runCli } from '../support/run-cli.js';

const CONFIG = `
timezone: UTC
environments:
  dev:
    ecs: [{ cluster: dev }]
    schedule: { start: "0 9 * * 1-5", stop: "0 21 * * 1-5", timezone: Europe/Berlin, skip_dates: [2099-12-24] }
  staging:
    ecs: [{ cluster: staging }]
  prod:
    protected: true
`;

let cwd: string;
beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'infrabot-schedule-cli-'));
  writeFileSync(join(cwd, 'infrabot.yml'), CONFIG);
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

// One state file shared by the runs, as on a laptop: the keep set by one command is seen by the next.
const env = {
  get INFRABOT_STORE() {
    return `sqlite:${join(cwd, 'state.sqlite')}`;
  },
};

describe('keep and schedule in the terminal', () => {
  it('keep dev 2h sets the override; schedule dev shows it with the next actions and skip dates', async () => {
    const kept = await runCli(['keep', 'dev', '2h'], { cwd, env });
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('dev kept running until');
    const shown = await runCli(['schedule', 'dev'], { cwd, env });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('Next actions');
    expect(shown.stdout).toContain('Override: kept by');
    expect(shown.stdout).toContain('2099-12-24');
    expect(shown.stdout).toContain('Europe/Berlin');
    // Code is shown as typed: a cron keeps its asterisks.
    expect(shown.stdout).toContain('0 21 * * 1-5');
  });

  it('keep on an environment infrabot stopped says it is stopped, not "kept running"', async () => {
    const store = await openStore(env.INFRABOT_STORE);
    try {
      await new EnvironmentMemory(store).setRecord('dev', {
        operation: 'stop',
        outcome: 'done',
        at: new Date().toISOString(),
        by: { kind: 'terminal', id: 'ada@laptop' },
      });
    } finally {
      await store.close();
    }
    const kept = await runCli(['keep', 'dev', '2h'], { cwd, env });
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('dev is stopped: its next scheduled stop is postponed until');
    expect(kept.stdout).not.toContain('kept running');
    expect(kept.stdout).toContain('"start dev" starts it');
  });

  it('refuses broken keeps with what to type, and exits non-zero', async () => {
    // Words that make no command exit 2 (usage); a well-formed keep the environment can't take exits 1.
    for (const [args, text, code] of [
      [['keep', 'dev', 'forever'], 'is not a duration', 2],
      [['keep', 'dev', 'until', '25:00'], 'HH:MM', 2],
      [['keep', 'dev', '30d'], 'longer than a keep may last', 2],
      [['keep', 'dve', '2h'], 'Did you mean "dev"', 2],
      [['schedule'], 'needs an env', 2],
      [['keep', 'staging', '2h'], 'no scheduled stop', 1],
    ] as const) {
      const run = await runCli([...args], { cwd, env });
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stdout + run.stderr, args.join(' ')).toContain(text);
    }
  });

  it('schedule of an environment without one, or a protected one, says why and fails', async () => {
    const staging = await runCli(['schedule', 'staging'], { cwd, env });
    expect(staging.code).toBe(1);
    expect(staging.stdout + staging.stderr).toContain('has no schedule');
    const prod = await runCli(['schedule', 'prod'], { cwd, env });
    expect(prod.code).toBe(1);
    expect(prod.stdout + prod.stderr).toContain('protected');
  });
});
