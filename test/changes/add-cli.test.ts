import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubEmulator } from '../../sandbox/emulators/github/index.js';
import { runCli } from '../support/run-cli.js';
import { startInfraRepoEmulator } from './support.js';

let cwd: string;
let github: GitHubEmulator;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'infrabot-add-'));
  await writeFile(
    join(cwd, 'infrabot.yml'),
    'changes:\n  repo: acme/infra\n  path: aws\n  reviewers: [alice]\n',
  );
  github = await startInfraRepoEmulator();
});
afterAll(async () => {
  await github?.close();
});

describe('infrabot add (terminal)', () => {
  it('--dry-run prints the file and the PR text without any GitHub access', async () => {
    const run = await runCli(['add', 'bucket', 'acme-exports', '--kms-key', 'alias/exports', '--dry-run'], {
      cwd,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('resource "aws_s3_bucket_public_access_block" "acme_exports"');
    expect(run.stdout).toContain('kms_master_key_id = "alias/exports"');
    expect(run.stdout).toContain('Command: `/infra add bucket acme-exports --kms-key alias/exports`');
    expect(run.stdout).toContain('(terminal)');
  });

  it('opens the PR on the repo and prints its link', async () => {
    const run = await runCli(['add', 'table', 'sessions', '--hash-key', 'id:S', '--ttl', 'expires_at'], {
      cwd,
      env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [pull] = github.listPulls('acme', 'infra');
    expect(run.stdout).toContain(pull!.htmlUrl);
    expect(pull!.headRef).toBe('infrabot/add-table-sessions');
    expect(github.readFile('acme', 'infra', pull!.headRef, 'aws/table-sessions.tf')).toContain(
      'attribute_name = "expires_at"',
    );
  });

  it('exits 1 with the reason for a collision, and without GitHub credentials', async () => {
    const collision = await runCli(['add', 'queue', 'payments'], {
      cwd,
      env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url },
    });
    expect(collision.code).toBe(1);
    expect(collision.stdout + collision.stderr).toContain(
      'aws_sqs_queue.payments is already defined in aws/sqs.tf',
    );
    const offline = await runCli(['add', 'queue', 'orders'], { cwd });
    expect(offline.code).toBe(1);
    expect(offline.stdout + offline.stderr).toContain('no GitHub access configured');
  });

  it('refuses a hostile name before anything else', async () => {
    const run = await runCli(['add', 'queue', 'x\u202Eyz'], { cwd });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('text-direction character');
  });
});
