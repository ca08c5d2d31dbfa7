import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { seedDemoWorld } from '../../sandbox/emulators/aws/seed-demo-world.js';
import { type GitHubEmulator, startGitHubEmulator } from '../../sandbox/emulators/github/index.js';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/emulators/slack/index.js';
import { runCli } from '../support/run-cli.js';

const TOKEN = 'xoxb-1-2-doctordoctordoctor';
let slack: SlackEmulator;
let aws: AwsEmulator;
let github: GitHubEmulator;
let cwd: string;

beforeAll(async () => {
  [slack, aws, github] = await Promise.all([
    startSlackEmulator({ botToken: TOKEN, signingSecret: 'doctor-secret' }),
    startAwsEmulator({ ecsThrottle: false }),
    startGitHubEmulator({ tokens: ['gh-doctor'] }),
  ]);
  for (const id of ['C0INFRA', 'C0ALERTS', 'C0PRODALERTS', 'C0AUDIT'])
    slack.addChannel({ id, name: id.slice(2).toLowerCase() });
  seedDemoWorld(aws.world);
  github.createRepo('acme', 'infra', { files: { 'README.md': 'x' } });
  cwd = await mkdtemp(join(tmpdir(), 'infrabot-doctor-'));
  await writeFile(
    join(cwd, 'infrabot.yml'),
    await readFile(new URL('../../infrabot.example.yml', import.meta.url), 'utf8'),
  );
});
afterAll(async () => {
  await Promise.all([slack.close(), aws.close(), github.close()]);
});

const env = () => ({
  SLACK_BOT_TOKEN: TOKEN,
  SLACK_APP_TOKEN: 'xapp-1-A1-2-doctor',
  SLACK_API_URL: slack.apiUrl,
  AWS_ENDPOINT_URL: aws.url,
  GITHUB_TOKEN: 'gh-doctor',
  GITHUB_API_URL: github.url,
});

describe('infrabot doctor', () => {
  it('passes every check against healthy services, one line each', async () => {
    const run = await runCli(['doctor'], { cwd, env: env() });
    expect(run.stdout).toContain('✓ config:');
    expect(run.stdout).toContain('✓ state store:');
    expect(run.stdout).toContain('✓ slack auth.test: bot infrabot');
    expect(run.stdout).toMatch(/✓ slack scopes: all \d+ scopes of manifest.yml granted/);
    expect(run.stdout).toContain('✓ aws identity:');
    expect(run.stdout).toContain('✓ aws dev: read access to 1 ECS cluster(s), 2 database(s), alarms');
    expect(run.stdout).toContain('✓ github: acme/infra');
    expect(run.stdout).toContain('All checks passed.');
    expect(run.code).toBe(0);
  });

  it('fails with a fix for each broken dependency and exits 1', async () => {
    const run = await runCli(['doctor'], {
      cwd,
      env: { ...env(), SLACK_BOT_TOKEN: 'xoxb-1-2-wrongwrongwrong', GITHUB_TOKEN: 'nope' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ slack auth.test: .*invalid_auth/);
    expect(run.stdout).toContain(
      "fix: copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page",
    );
    expect(run.stdout).toContain('✗ github: acme/infra');
    expect(run.stdout).toContain('fix: GITHUB_TOKEN is invalid or expired');
    expect(run.stdout).not.toContain('xoxb-1-2-wrongwrongwrong');
  });

  it('reports missing scopes against manifest.yml', async () => {
    const narrow = await startSlackEmulator({
      botToken: TOKEN,
      signingSecret: 's',
      scopes: ['commands', 'chat:write'],
    });
    try {
      const run = await runCli(['doctor', '--offline'], {
        cwd,
        env: { ...env(), SLACK_API_URL: narrow.apiUrl },
      });
      expect(run.stdout).toMatch(/✗ slack scopes: missing .*usergroups:read/);
      expect(run.stdout).toContain('reinstall');
      expect(run.stdout).not.toContain('aws identity');
    } finally {
      await narrow.close();
    }
  });

  it('names the missing AWS resources of an environment', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'infrabot-doctor-missing-'));
    await writeFile(
      join(dir, 'infrabot.yml'),
      'environments:\n  qa:\n    region: ap-northeast-1\n    ecs: [{ cluster: nope }]\n',
    );
    const run = await runCli(['doctor'], { cwd: dir, env: { AWS_ENDPOINT_URL: aws.url } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('– slack: SLACK_BOT_TOKEN is not set');
    expect(run.stdout).toMatch(/✗ aws qa: .*ECS clusters not found/);
  });

  it('reports a broken config', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'infrabot-doctor-bad-'));
    await writeFile(join(dir, 'infrabot.yml'), 'access: { admins: [bob] }\n');
    const run = await runCli(['doctor', '--offline'], { cwd: dir, env: {} });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✗ config: access.admins.0: "bob" must be a Slack user ID/);
  });
});
