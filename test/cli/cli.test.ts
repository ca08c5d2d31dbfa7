import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { TEST_CONFIG } from '../support/test-services.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'infrabot-cli-'));
  await writeFile(join(cwd, 'infrabot.yml'), TEST_CONFIG);
});

describe('infrabot (terminal front door)', () => {
  it('lists the verbs with help', async () => {
    const run = await runCli(['help'], { cwd });
    expect(run.code).toBe(0);
    for (const verb of ['help', 'alarms', 'audit', 'whoami'])
      expect(run.stdout).toContain(`infrabot ${verb}`);
    expect(run.stdout).not.toContain('\x1b['); // no colour codes when stdout is not a terminal
  });

  it('explains one verb', async () => {
    const run = await runCli(['help', 'audit'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('infrabot audit [n]');
  });

  it('exits 2 (bad usage) with a "did you mean" for a typo', async () => {
    const run = await runCli(['hlep'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Did you mean "help"?');
    const stpo = await runCli(['stpo', 'dev'], { cwd });
    expect(stpo.code).toBe(2);
    expect(stpo.stderr).toContain('Did you mean "stop dev"?');
  });

  it('shows echoed input as typed, not Slack-escaped', async () => {
    const run = await runCli(['alarms', '<dev>'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('There is no environment "<dev>"');
  });

  it('refuses to change a protected environment with exit code 3', async () => {
    const run = await runCli(['stop', 'prod', '--yes'], { cwd });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('prod is protected');
  });

  it('explains an environment that names no resources', async () => {
    const run = await runCli(['stop', 'staging', '--yes'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('staging names no resources');
  });

  it('reports a broken config with its path and exits 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'infrabot-bad-'));
    await writeFile(
      join(dir, 'infrabot.yml'),
      'environments:\n  dev:\n    schedule: { stop: "0 25 * * *" }\n',
    );
    const run = await runCli(['help'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(join(dir, 'infrabot.yml'));
    expect(run.stderr).toContain(
      'environments.dev.schedule.stop: "0 25 * * *" is not a valid cron expression: hour 25',
    );
  });

  it('takes --config and INFRABOT_CONFIG', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'infrabot-cfg-'));
    await writeFile(join(dir, 'other.yml'), 'environments:\n  qa: {}\n');
    const viaFlag = await runCli(['--config', 'other.yml', 'alarms', 'qa'], { cwd: dir });
    expect(viaFlag.stderr).not.toContain('There is no environment');
    const viaEnv = await runCli(['alarms', 'dev'], {
      cwd: dir,
      env: { INFRABOT_CONFIG: join(dir, 'other.yml') },
    });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toContain('There is no environment "dev"');
    const missing = await runCli(['--config', 'nope.yml', 'help'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
  });

  it('shows the terminal user as admin', async () => {
    const run = await runCli(['whoami'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('is admin');
    expect(run.stdout).toContain('(terminal)');
  });

  it('refuses to start in production when the Slack token is missing', async () => {
    const run = await runCli(['serve'], { cwd, env: { NODE_ENV: 'production' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN is not set and NODE_ENV=production: not starting');
    expect(run.stderr).not.toContain('sandbox');
  });

  it('without a Slack token, says how to run the bot or start the sandbox (a separate program)', async () => {
    const run = await runCli(['serve'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN is not set');
    expect(run.stderr).toContain('`npm start` (or `npm run sandbox`) starts the local sandbox');
    expect(run.stdout).toBe('');
  });

  it('prints its version', async () => {
    const run = await runCli(['--version'], { cwd });
    expect(run.stdout).toMatch(/^infrabot \d+\.\d+\.\d+/);
  });

  it('rejects malformed environment variables without echoing secrets', async () => {
    const run = await runCli(['help'], { cwd, env: { SLACK_BOT_TOKEN: 'not-a-token-but-secret-value' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN must be a bot token starting with xoxb-');
    expect(run.stderr).not.toContain('not-a-token-but-secret-value');
  });

  it('explains an AWS failure readably instead of a stack trace', async () => {
    const run = await runCli(['alarms', 'dev'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).toMatch(/could not be reached|went wrong/);
  });
});
