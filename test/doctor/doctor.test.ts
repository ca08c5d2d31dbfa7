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

describe('infrabot doctor --ssm-prefix (the token parameters of a Fargate deployment)', () => {
  const BOT = 'xoxb-1-2-ssmssmssmssmssm';
  const APP = 'xapp-1-A1-2-ssmssmssmssm';
  const GH = 'github_pat_ssmssmssmssmssm';
  /** Seeds the three parameters under `prefix`, each overridable (null: absent). */
  const seed = (
    prefix: string,
    over: Partial<
      Record<
        'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'GITHUB_TOKEN',
        Parameters<typeof aws.world.ssm.put>[1] | null
      >
    > = {},
  ) => {
    const base = {
      SLACK_BOT_TOKEN: { name: `${prefix}/SLACK_BOT_TOKEN`, type: 'SecureString' as const, value: BOT },
      SLACK_APP_TOKEN: { name: `${prefix}/SLACK_APP_TOKEN`, type: 'SecureString' as const, value: APP },
      GITHUB_TOKEN: { name: `${prefix}/GITHUB_TOKEN`, type: 'SecureString' as const, value: GH },
    };
    for (const [key, parameter] of Object.entries({ ...base, ...over })) {
      if (parameter) aws.world.ssm.put(aws.world.scope(), { ...parameter, name: `${prefix}/${key}` });
    }
  };
  const doctor = (args: string[], extra: NodeJS.ProcessEnv = {}) =>
    runCli(['doctor', ...args], { cwd, env: { ...env(), ...extra } });
  const noSecrets = (text: string) => {
    for (const secret of [BOT, APP, GH, '   ']) if (secret.trim()) expect(text).not.toContain(secret);
  };

  it('passes for three SecureStrings under aws/ssm, without printing a value', async () => {
    seed('/ok');
    const run = await doctor(['--ssm-prefix', '/ok']);
    expect(run.stdout).toMatch(
      /✓ ssm \/ok\/SLACK_BOT_TOKEN: SecureString under alias\/aws\/ssm, version 1, last changed /,
    );
    expect(run.stdout).toContain('✓ ssm /ok/SLACK_APP_TOKEN: SecureString under alias/aws/ssm');
    expect(run.stdout).toContain('✓ ssm /ok/GITHUB_TOKEN: SecureString under alias/aws/ssm');
    expect(run.stdout).toContain('All checks passed.');
    expect(run.code).toBe(0);
    noSecrets(run.stdout + run.stderr);
  });

  it('names a missing parameter with the exact put-parameter command, and exits 1', async () => {
    seed('/missing', { SLACK_APP_TOKEN: null });
    const run = await doctor(['--ssm-prefix=/missing']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '✗ ssm /missing/SLACK_APP_TOKEN: does not exist: ECS cannot start the task without it',
    );
    expect(run.stdout).toContain(
      'fix: aws ssm put-parameter --region ap-northeast-1 --name /missing/SLACK_APP_TOKEN --type SecureString --tier Standard --value file://slack-app-token.txt ',
    );
    expect(run.stdout).toContain('✓ ssm /missing/SLACK_BOT_TOKEN');
    noSecrets(run.stdout + run.stderr);
  });

  it('flags an empty, unencrypted, foreign-key or wrong-kind token, never echoing it', async () => {
    seed('/bad', {
      SLACK_BOT_TOKEN: { name: '', type: 'SecureString', value: '   ' },
      SLACK_APP_TOKEN: { name: '', type: 'String', value: APP },
      GITHUB_TOKEN: { name: '', type: 'SecureString', value: GH, keyId: 'alias/my-own-key' },
    });
    seed('/kind', {
      SLACK_BOT_TOKEN: { name: '', type: 'SecureString', value: 'xoxp-user-token-not-a-bot' },
    });
    const run = await doctor(['--ssm-prefix', '/bad']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ ssm /bad/SLACK_BOT_TOKEN: is empty (only whitespace)');
    expect(run.stdout).toMatch(/--name \/bad\/SLACK_BOT_TOKEN --type SecureString .*--overwrite/);
    expect(run.stdout).toContain('✗ ssm /bad/SLACK_APP_TOKEN: is a String: the token is stored unencrypted');
    expect(run.stdout).toContain(
      'fix: aws ssm delete-parameter --region ap-northeast-1 --name /bad/SLACK_APP_TOKEN, then aws ssm put-parameter',
    );
    expect(run.stdout).toContain(
      "✗ ssm /bad/GITHUB_TOKEN: is encrypted with alias/my-own-key: the task's execution role may decrypt only through alias/aws/ssm",
    );
    noSecrets(run.stdout + run.stderr);

    const kind = await doctor(['--ssm-prefix', '/kind']);
    expect(kind.stdout).toContain('✗ ssm /kind/SLACK_BOT_TOKEN: does not hold a token starting with xoxb-');
    expect(kind.stdout).not.toContain('xoxp-user-token-not-a-bot');
  });

  it('needs GITHUB_TOKEN only when changes.repo is configured', async () => {
    seed('/nogh', { GITHUB_TOKEN: null });
    const withRepo = await doctor(['--ssm-prefix', '/nogh']);
    expect(withRepo.stdout).toContain('✗ ssm /nogh/GITHUB_TOKEN: does not exist');
    const dir = await mkdtemp(join(tmpdir(), 'infrabot-doctor-nogh-'));
    await writeFile(join(dir, 'infrabot.yml'), 'environments: {}\n');
    const withoutRepo = await runCli(['doctor', '--ssm-prefix', '/nogh'], { cwd: dir, env: env() });
    expect(withoutRepo.stdout).toContain(
      '– ssm /nogh/GITHUB_TOKEN: absent, and no changes.repo is configured: fine if Terraform has use_github_token = false',
    );
    expect(withoutRepo.stdout).toContain('✓ ssm /nogh/SLACK_BOT_TOKEN');
  });

  it('rejects a prefix that is not a path, and a flag without a value', async () => {
    const notPath = await doctor(['--ssm-prefix', 'infrabot']);
    expect(notPath.code).toBe(1);
    expect(notPath.stdout).toContain('✗ ssm parameters: --ssm-prefix "infrabot" is not a parameter path');
    const bare = await doctor(['--ssm-prefix']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--ssm-prefix needs the path of the token parameters');
  });

  it('says it could not read the parameters when SSM fails, and exits 1', async () => {
    seed('/down');
    aws.faults.inject('ssm', 'DescribeParameters', { kind: 'server-error' });
    try {
      const run = await doctor(['--ssm-prefix', '/down']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/✗ ssm parameters: .+/);
      expect(run.stdout).toContain('ssm:DescribeParameters and ssm:GetParameters on /down/*');
      expect(run.stdout).not.toContain('✓ ssm /down');
    } finally {
      aws.faults.clear('ssm');
    }
  });

  it('is not run offline', async () => {
    const run = await doctor(['--offline', '--ssm-prefix', '/ok']);
    expect(run.stdout).not.toContain('ssm /ok');
    expect(run.stdout).toContain('– ssm parameters: not checked under /ok: --offline skips AWS');
  });
});
