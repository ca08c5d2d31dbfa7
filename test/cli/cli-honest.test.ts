import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const CONFIG = `
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-db] }
`;

/** No credentials anywhere: no keys, no profile, no metadata service; AWS at a port that refuses. */
const NO_CREDENTIALS = {
  unset: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
  env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' },
};
const STACK_TRACE = /\n\s+at |"stack"/;

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'infrabot-honest-'));
  await writeFile(join(cwd, 'infrabot.yml'), CONFIG);
});

describe('the terminal never claims what it could not read', () => {
  it('stop --dry-run and stop --yes without credentials: "could not read dev", why, non-zero', async () => {
    for (const args of [
      ['stop', 'dev', '--dry-run'],
      ['stop', 'dev', '--yes'],
    ]) {
      const run = await runCli(args, { cwd, ...NO_CREDENTIALS });
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toContain('could not read dev: credentials: infrabot has no AWS credentials');
      expect(`${run.stdout}${run.stderr}`).not.toContain('already stopped');
      expect(`${run.stdout}${run.stderr}`).not.toContain('nothing to do');
      expect(run.stderr).not.toMatch(STACK_TRACE);
    }
  });

  it('status without credentials says so and exits non-zero, instead of "no resources found"', async () => {
    const one = await runCli(['status', 'dev'], { cwd, ...NO_CREDENTIALS });
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('could not read dev: credentials');
    expect(one.stderr).not.toContain('no resources found');
    const all = await runCli(['status'], { cwd, ...NO_CREDENTIALS });
    expect(all.code).toBe(1);
    expect(all.stderr).toContain('could not read: credentials');
  });

  it('alarms without credentials: the message, no stack trace before it', async () => {
    const run = await runCli(['alarms'], { cwd, ...NO_CREDENTIALS });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr).toContain('infrabot has no AWS credentials');
    // Nothing of infrabot's comes before the message: no log line, no error dump.
    expect(run.stderr).not.toContain('"level"');
  });

  it('an environment AWS can not be reached for: "could not read dev: endpoint", non-zero', async () => {
    // Credentials, but AWS_ENDPOINT_URL points at a port nobody listens on.
    const run = await runCli(['stop', 'dev', '--yes'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('could not read dev: endpoint: AWS could not be reached');
    const status = await runCli(['status', 'dev'], { cwd });
    expect(status.code).toBe(1);
    expect(status.stderr).toContain('could not read dev: endpoint');
  });
});

describe('exit codes and first steps', () => {
  it('bad usage and typos exit 2', async () => {
    for (const args of [
      ['hlep'],
      ['stpo', 'dev'],
      ['stop'],
      ['stop', 'dve'],
      ['audit', 'many'],
      ['status', '--bogus'],
    ]) {
      const run = await runCli(args, { cwd });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.length).toBeGreaterThan(0);
    }
  });

  it('status dev without a config file says no infrabot.yml was found and how to start', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'infrabot-noconfig-'));
    const run = await runCli(['status', 'dev'], { cwd: empty });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`No infrabot.yml was found in ${empty}`);
    expect(run.stderr).toContain('cp infrabot.example.yml infrabot.yml');
    // Commands that need no environments still work.
    expect((await runCli(['help'], { cwd: empty })).code).toBe(0);
  });

  it('renders Slack mrkdwn for the terminal: no literal backticks, links as "label (url)"', async () => {
    const help = await runCli(['help', 'stop'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).not.toContain('`');
    expect(help.stdout).toContain('"--dry-run"');
    const typo = await runCli(['stpo', 'dev'], { cwd });
    expect(typo.stderr).toContain('Did you mean "stop dev"?');
    expect(typo.stderr).not.toContain('`');
  });

  it('whoami and help promise only verbs that exist', async () => {
    const help = await runCli(['help'], { cwd });
    const verbs = [...help.stdout.matchAll(/^• "infrabot (\w+)/gm)].map((m) => m[1]);
    expect(verbs.length).toBeGreaterThan(3);
    const whoami = await runCli(['whoami'], { cwd });
    expect(whoami.code).toBe(0);
    const promised = [...whoami.stdout.matchAll(/"(\w+)"/g)].map((m) => m[1]);
    expect(promised.length).toBeGreaterThan(3);
    for (const verb of promised) expect(verbs).toContain(verb);
    // The terminal user is admin: every verb help lists is promised, and `add` is not called an
    // environment change (it opens a pull request).
    expect(new Set(promised)).toEqual(new Set(verbs));
    expect(whoami.stdout).not.toContain('change environments');
  });
});
