import { afterEach, describe, expect, it } from 'vitest';
import type { GitHubEmulator } from '../../sandbox/emulators/github/index.js';
import { ChangeError, ChangeService } from '../../src/changes/change-service.js';
import { infraRepoConnector } from '../../src/github/github-client.js';
import { readRuntimeEnv } from '../../src/runtime-env.js';
import { octokitFor } from '../emulators/github/helpers.js';
import { captureLogger } from '../support/capture-logger.js';
import { REQUESTER, SEED_FILES, SETTINGS, serviceFor, spec, startInfraRepoEmulator } from './support.js';

let github: GitHubEmulator | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

const tokenEnv = (g: GitHubEmulator) => ({ GITHUB_TOKEN: 'test-token', GITHUB_API_URL: g.url });

async function expectChangeError(run: Promise<unknown>): Promise<ChangeError> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(ChangeError);
    return error as ChangeError;
  }
  throw new Error('expected a ChangeError');
}

describe('opening a pull request on the GitHub emulator', () => {
  it('makes one commit whose tree is the base plus exactly the new file, and a complete PR', async () => {
    github = await startInfraRepoEmulator();
    const service = await serviceFor(tokenEnv(github));
    const base = github.branchSha('acme', 'infra', 'main')!;
    const opened = await service.open(spec('queue', 'orders'), REQUESTER, 'add queue orders');

    expect(opened.incomplete).toEqual([]);
    expect(opened.branch).toBe('infrabot/add-queue-orders');
    const octokit = octokitFor(github.url);
    const { data: commit } = await octokit.rest.git.getCommit({
      owner: 'acme',
      repo: 'infra',
      commit_sha: opened.commitSha,
    });
    expect(commit.parents.map((p) => p.sha)).toEqual([base]);
    const { data: tree } = await octokit.rest.git.getTree({
      owner: 'acme',
      repo: 'infra',
      tree_sha: commit.tree.sha,
      recursive: 'true',
    });
    const blobs = tree.tree.filter((e) => e.type === 'blob').map((e) => e.path);
    expect(blobs.sort()).toEqual([...Object.keys(SEED_FILES), 'aws/queue-orders.tf'].sort());
    for (const [path, text] of Object.entries(SEED_FILES))
      expect(github.readFile('acme', 'infra', opened.commitSha, path)).toBe(text);
    expect(github.readFile('acme', 'infra', 'infrabot/add-queue-orders', 'aws/queue-orders.tf')).toBe(
      opened.rendered.content,
    );
    expect(github.branchSha('acme', 'infra', 'infrabot/add-queue-orders')).toBe(opened.commitSha);

    const [pull] = github.listPulls('acme', 'infra');
    expect(pull).toMatchObject({
      number: opened.pull.number,
      title: 'Add SQS queue orders',
      state: 'open',
      merged: false,
      headRef: 'infrabot/add-queue-orders',
      baseRef: 'main',
      labels: ['infrabot', 'terraform'],
      requestedReviewers: ['alice'],
      requestedTeams: ['platform'],
      htmlUrl: opened.pull.url,
    });
    expect(pull!.body).toContain('**alice** (`U0ALICE`)');
    expect(pull!.body).toContain('Channel: `C0INFRA`');
    expect(pull!.body).toContain(`Slack thread: ${REQUESTER.threadUrl}`);
    expect(pull!.body).toContain('Command: `/infra add queue orders`');
    expect(pull!.body).toContain('dead-letter queue `orders-dlq` after 5 receives');
    expect(pull!.body).toContain('### Reviewer checklist');
    // Nothing is ever merged by infrabot.
    expect(github.requests.some((r) => /\/merge$/.test(r.path))).toBe(false);
  });

  it('stays within 8 GitHub calls per PR once the repo files are known', async () => {
    github = await startInfraRepoEmulator();
    const service = await serviceFor(tokenEnv(github));
    await service.open(spec('queue', 'first'), REQUESTER, 'add queue first');
    const before = github.requests.length;
    await service.open(spec('bucket', 'acme-second'), REQUESTER, 'add bucket acme-second');
    const calls = github.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(calls).toEqual([
      'GET /repos/acme/infra/branches/main',
      expect.stringMatching(/^GET \/repos\/acme\/infra\/git\/trees\/[0-9a-f]{40}$/),
      'POST /repos/acme/infra/git/trees',
      'POST /repos/acme/infra/git/commits',
      'POST /repos/acme/infra/git/refs',
      'POST /repos/acme/infra/pulls',
      expect.stringMatching(/^POST \/repos\/acme\/infra\/pulls\/\d+\/requested_reviewers$/),
      expect.stringMatching(/^POST \/repos\/acme\/infra\/issues\/\d+\/labels$/),
    ]);
  });

  it('uses the repo’s own template when it has one', async () => {
    github = await startInfraRepoEmulator(
      {},
      {
        ...SEED_FILES,
        '.infrabot/templates/queue.tf.tmpl':
          'resource "aws_sqs_queue" "{{label}}" {\n  name                    = {{name}}\n  sqs_managed_sse_enabled = true\n}\n',
      },
    );
    const service = await serviceFor(tokenEnv(github));
    const opened = await service.open(spec('queue', 'orders'), REQUESTER, 'add queue orders');
    expect(opened.rendered.content).toBe(
      'resource "aws_sqs_queue" "orders" {\n  name                    = "orders"\n  sqs_managed_sse_enabled = true\n}\n',
    );
    expect(opened.body).toContain('Template: acme/infra .infrabot/templates/queue.tf.tmpl');
  });

  it('refuses a broken repo template with the line that is wrong, before writing anything', async () => {
    github = await startInfraRepoEmulator(
      {},
      { ...SEED_FILES, '.infrabot/templates/queue.tf.tmpl': 'x = {{nmae}}\n' },
    );
    const service = await serviceFor(tokenEnv(github));
    const error = await expectChangeError(
      service.open(spec('queue', 'orders'), REQUESTER, 'add queue orders'),
    );
    expect(error.code).toBe('template');
    expect(error.message).toMatch(/line 1: unknown value \{\{nmae\}\}/);
    expect(github.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it.each([
    [
      'an existing address',
      spec('queue', 'payments'),
      /aws_sqs_queue.payments is already defined in aws\/sqs.tf/,
    ],
    [
      'an existing AWS name',
      spec('bucket', 'acme-logs'),
      /a bucket named acme-logs is already defined as aws_s3_bucket.logs/,
    ],
  ])('refuses %s and writes nothing', async (_, resource, reason) => {
    github = await startInfraRepoEmulator();
    const service = await serviceFor(tokenEnv(github));
    const error = await expectChangeError(service.open(resource, REQUESTER, 'add'));
    expect(error.code).toBe('collision');
    expect(error.message).toMatch(reason);
    expect(github.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('refuses when an existing file does not parse (it cannot check collisions)', async () => {
    github = await startInfraRepoEmulator({}, { ...SEED_FILES, 'aws/broken.tf': 'resource "x" {\n' });
    const service = await serviceFor(tokenEnv(github));
    const error = await expectChangeError(service.open(spec('queue', 'orders'), REQUESTER, 'add'));
    expect(error.code).toBe('unreadable');
    expect(error.message).toMatch(/aws\/broken.tf is not valid HCL/);
  });

  it('links the existing PR when the same resource was requested before', async () => {
    github = await startInfraRepoEmulator();
    const service = await serviceFor(tokenEnv(github));
    const first = await service.open(spec('queue', 'orders'), REQUESTER, 'add queue orders');
    const error = await expectChangeError(
      service.open(spec('queue', 'orders'), REQUESTER, 'add queue orders'),
    );
    expect(error.code).toBe('pr-exists');
    expect(error.link).toBe(first.pull.url);
    expect(github.listPulls('acme', 'infra', { state: 'all' })).toHaveLength(1);
  });

  it('links the branch when it exists without a PR', async () => {
    github = await startInfraRepoEmulator();
    github.pushCommit('acme', 'infra', 'infrabot/add-queue-orders', { files: { 'x.txt': 'x\n' } });
    const service = await serviceFor(tokenEnv(github));
    const error = await expectChangeError(service.open(spec('queue', 'orders'), REQUESTER, 'add'));
    expect(error.code).toBe('branch-exists');
    expect(error.link).toBe('https://github.com/acme/infra/tree/infrabot/add-queue-orders');
  });

  it('deletes the branch again when the PR cannot be opened (no orphan branch)', async () => {
    github = await startInfraRepoEmulator();
    github.injectFault({ method: 'POST', pathPattern: '/repos/acme/infra/pulls', status: 503 });
    const service = await serviceFor(tokenEnv(github));
    const error = await expectChangeError(service.open(spec('queue', 'orders'), REQUESTER, 'add'));
    expect(error.code).toBe('unavailable');
    expect(github.branchSha('acme', 'infra', 'infrabot/add-queue-orders')).toBeUndefined();
    expect(github.requests.at(-1)).toMatchObject({ method: 'DELETE', status: 204 });
  });

  it('says "rate limited, try later" with nothing left behind', async () => {
    github = await startInfraRepoEmulator();
    github.injectFault({
      method: 'POST',
      pathPattern: '/repos/acme/infra/git/refs',
      status: 403,
      retryAfterSeconds: 120,
    });
    const service = await serviceFor(tokenEnv(github));
    const error = await expectChangeError(service.open(spec('queue', 'orders'), REQUESTER, 'add'));
    expect(error.code).toBe('rate-limited');
    expect(error.retryAfterSeconds).toBe(120);
    expect(error.message).toMatch(/Try again in about 2 minute/);
    expect(github.branchSha('acme', 'infra', 'infrabot/add-queue-orders')).toBeUndefined();
    expect(github.listPulls('acme', 'infra', { state: 'all' })).toEqual([]);
  });

  it('explains a token without write permission', async () => {
    github = await startInfraRepoEmulator({ tokens: ['test-token'], readOnlyTokens: ['test-token'] });
    const service = await serviceFor(tokenEnv(github));
    const error = await expectChangeError(service.open(spec('queue', 'orders'), REQUESTER, 'add'));
    expect(error.code).toBe('forbidden');
    expect(error.message).toMatch(/needs Contents: write and Pull requests: write/);
    expect(github.branchSha('acme', 'infra', 'infrabot/add-queue-orders')).toBeUndefined();
  });

  it('explains a repo it cannot find', async () => {
    github = await startInfraRepoEmulator();
    const service = await serviceFor(tokenEnv(github), { ...SETTINGS, repo: 'acme/nope' });
    const error = await expectChangeError(service.open(spec('queue', 'orders'), REQUESTER, 'add'));
    expect(error.code).toBe('not-found');
    expect(error.message).toMatch(/cannot find acme\/nope/);
  });

  it('explains bad credentials', async () => {
    github = await startInfraRepoEmulator();
    const service = await serviceFor({ GITHUB_TOKEN: 'wrong', GITHUB_API_URL: github.url });
    const error = await expectChangeError(service.open(spec('queue', 'orders'), REQUESTER, 'add'));
    expect(error.code).toBe('unauthorized');
  });

  it('reports a PR whose reviewers could not be requested as incomplete, not as done', async () => {
    github = await startInfraRepoEmulator();
    const service = await serviceFor(tokenEnv(github), { ...SETTINGS, reviewers: ['mallory'] });
    const opened = await service.open(spec('queue', 'orders'), REQUESTER, 'add');
    expect(opened.incomplete).toEqual([
      expect.stringMatching(/reviewers could not be requested .*collaborator/),
    ]);
    expect(github.listPulls('acme', 'infra')).toHaveLength(1);
  });
});

describe('octokit plugins as infrabot configures them', () => {
  it('retries a passing 5xx (retry plugin) and still makes one commit', async () => {
    github = await startInfraRepoEmulator();
    const runtime = readRuntimeEnv(tokenEnv(github));
    const service = new ChangeService(
      SETTINGS,
      infraRepoConnector(runtime, captureLogger().logger, SETTINGS.repo, { paceWrites: false, retries: 1 }),
    );
    github.injectFault({ method: 'POST', pathPattern: '/repos/acme/infra/git/trees', status: 502 });
    const opened = await service.open(spec('queue', 'orders'), REQUESTER, 'add queue orders');
    const trees = github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/git/trees'));
    expect(trees.map((r) => r.status)).toEqual([502, 201]);
    expect(
      github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/git/commits')),
    ).toHaveLength(1);
    expect(opened.pull.number).toBe(1);
  });
});
