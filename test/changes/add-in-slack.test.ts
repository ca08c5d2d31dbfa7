// biome-ignore-all lint/suspicious/noTemplateCurlyInString: HCL interpolation in names is what these tests refuse
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitHubEmulator } from '../../sandbox/emulators/github/index.js';
import { blocksText, type Harness, lastAuditEntry, startHarness } from '../support/slack-bot-harness.js';
import { startInfraRepoEmulator } from './support.js';

const CONFIG = `
access:
  operators: [U0OPERATOR]
  admins: [U0ADMIN]
  channels: [C0INFRA]
changes:
  repo: acme/infra
  path: aws
  reviewers: [alice, acme/platform]
`;

let github: GitHubEmulator;
let h: Harness;
beforeAll(async () => {
  github = await startInfraRepoEmulator();
  h = await startHarness({
    config: CONFIG,
    env: { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url },
    workerTiming: { pullRequests: { tickMs: 50, minIntervalMs: 50, maxIntervalMs: 200 } },
  });
});
afterAll(async () => {
  await h?.close();
  await github?.close();
});

async function until<T>(probe: () => T | undefined | false, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const threadText = (ts: string) =>
  h.slack
    .thread('C0INFRA', ts)
    .map((m) => blocksText(m))
    .join('\n');

describe('/infra add in Slack', () => {
  it('opens the PR, links it in a thread at once, and follows reviews, checks and the merge there', async () => {
    const res = await h.slack.sendSlashCommand({
      userId: 'U0OPERATOR',
      channelId: 'C0INFRA',
      text: 'add queue orders',
    });
    expect(res.status).toBe(200);
    const parent = await until(
      () => h.slack.channelHistory('C0INFRA').find((m) => blocksText(m).includes('asked to add queue')),
      'the announcement',
    );
    await until(() => threadText(parent.ts).includes('Pull request opened'), 'the PR link in the thread');
    const [pull] = github.listPulls('acme', 'infra');
    expect(pull).toBeDefined();
    expect(threadText(parent.ts)).toContain(pull!.htmlUrl);
    expect(blocksText(h.slack.message('C0INFRA', parent.ts))).toContain(pull!.htmlUrl);
    // The PR body links back to the very thread that follows it.
    expect(pull!.body).toMatch(/Slack thread: https?:\/\/\S+/);
    expect(pull!.body).toContain(parent.ts.replace('.', ''));
    expect(pull!.body).toContain('(`U0OPERATOR`)');
    expect(pull!.body).toContain('Command: `/infra add queue orders`');
    // The audit entry is written once the handler returns, a moment after the thread post.
    const audited = async () => {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const entry = await lastAuditEntry(h.bot);
        if (entry?.verb === 'add' || Date.now() > deadline) return entry;
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    expect(await audited()).toMatchObject({ verb: 'add', outcome: 'ok' });

    github.addReview('acme', 'infra', pull!.number, { user: 'alice', state: 'APPROVED' });
    await until(() => threadText(parent.ts).includes('alice* ✅ approved'), 'the review in the thread');

    github.setCheckRun('acme', 'infra', pull!.headSha, {
      name: 'terraform plan',
      status: 'completed',
      conclusion: 'success',
      detailsUrl: 'https://ci.example/run/1',
    });
    await until(() => threadText(parent.ts).includes('Check *terraform plan*: success'), 'the check run');
    expect(threadText(parent.ts)).toContain('https://ci.example/run/1');

    github.mergePull('acme', 'infra', pull!.number, { by: 'bob' });
    await until(() => threadText(parent.ts).includes('merged by bob'), 'the merge');
    await until(
      async () => (await h.bot.store.query('pr-follow')).length === 0 || undefined,
      'follow record removed',
    );

    // Each thing was posted once, and unchanged resources were asked for with ETags (304).
    expect(threadText(parent.ts).match(/approved/g)).toHaveLength(1);
    expect(github.requests.some((r) => r.status === 304)).toBe(true);
  }, 30_000);

  it('shows the dry run privately and touches nothing on GitHub', async () => {
    const before = github.requests.length;
    const res = await h.slack.sendSlashCommand({
      userId: 'U0OPERATOR',
      channelId: 'C0INFRA',
      text: 'add table sessions --hash-key id:S --ttl expires_at --dry-run',
    });
    const answer = await until(
      () =>
        h.slack.ephemeralMessages('U0OPERATOR').find((e) => blocksText(e.message).includes('Dry run')) ??
        (res.body && blocksText(res.body).includes('Dry run') ? { message: res.body } : undefined),
      'the dry run',
    );
    const text = blocksText(answer.message);
    expect(text).toContain('aws_dynamodb_table');
    expect(text).toContain('infrabot/add-table-sessions');
    expect(text).toContain('Reviewer checklist');
    expect(github.requests.length).toBe(before);
  });

  it('refuses a hostile name with the reason, privately, and writes nothing', async () => {
    const writes = () => github.requests.filter((r) => r.method !== 'GET').length;
    const before = writes();
    const res = await h.slack.sendSlashCommand({
      userId: 'U0OPERATOR',
      channelId: 'C0INFRA',
      text: 'add bucket p\u0430ypal',
    });
    const text =
      blocksText(res.body) + JSON.stringify(h.slack.ephemeralMessages('U0OPERATOR').at(-1)?.message ?? {});
    expect(text).toMatch(/non-ASCII character/);
    expect(writes()).toBe(before);
  });

  it('asked again after the merge, says the resource is already in the repo', async () => {
    await h.slack.sendSlashCommand({ userId: 'U0OPERATOR', channelId: 'C0INFRA', text: 'add queue orders' });
    const parent = await until(
      () =>
        h.slack
          .channelHistory('C0INFRA')
          .filter((m) => blocksText(m).includes('Could not add queue orders'))
          .at(-1),
      'the failure on the announcement',
    );
    expect(blocksText(parent)).toContain(
      'Not added: the file aws/queue-orders.tf already exists in the repo.',
    );
  });
});

describe('the /infra add modal', () => {
  it('asks for missing input, keeps the modal open with the reason, then opens the PR', async () => {
    const res = await h.slack.sendSlashCommand({
      userId: 'U0OPERATOR',
      channelId: 'C0INFRA',
      text: 'add table',
    });
    expect(res.status).toBe(200);
    const view = await until(() => h.slack.openViews('U0OPERATOR')[0], 'the modal');
    expect(view).toMatchObject({ callback_id: 'infra_add', title: { text: 'Add a resource' } });

    const missingKey = await h.slack.submitView({
      userId: 'U0OPERATOR',
      viewId: view.id,
      values: { kind: 'table', name: 'sessions' },
    });
    expect(missingKey).toMatchObject({
      viewOutcome: 'errors',
      viewErrors: { hash_key: expect.stringMatching(/needs a partition key/) },
    });

    const hostile = await h.slack.submitView({
      userId: 'U0OPERATOR',
      viewId: view.id,
      values: { kind: 'table', name: 'ses${x}', hash_key: 'id:S' },
    });
    expect(hostile).toMatchObject({
      viewOutcome: 'errors',
      viewErrors: { name: expect.stringMatching(/interpolation/) },
    });

    const badOption = await h.slack.submitView({
      userId: 'U0OPERATOR',
      viewId: view.id,
      values: { kind: 'table', name: 'sessions', hash_key: 'id:S', options: '--fifo' },
    });
    expect(badOption).toMatchObject({
      viewOutcome: 'errors',
      viewErrors: { options: expect.stringMatching(/does not apply to a table/) },
    });

    const done = await h.slack.submitView({
      userId: 'U0OPERATOR',
      viewId: view.id,
      values: { kind: 'table', name: 'sessions', hash_key: 'id:S', options: '--ttl expires_at' },
    });
    expect(done.viewOutcome).toBe('closed');
    const pull = await until(
      () => github.listPulls('acme', 'infra').find((p) => p.headRef === 'infrabot/add-table-sessions'),
      'the PR from the modal',
    );
    expect(pull.body).toContain('Command: `/infra add table sessions --hash-key id:S --ttl expires_at`');
  });

  it('does not open a modal for a complete command or a dry run', async () => {
    await h.slack.sendSlashCommand({
      userId: 'U0ADMIN',
      channelId: 'C0INFRA',
      text: 'add queue jobs --dry-run',
    });
    expect(h.slack.openViews('U0ADMIN')).toEqual([]);
  });
});

describe('who may add', () => {
  it('denies a viewer, in a modal-less answer, and writes nothing', async () => {
    const writes = () => github.requests.filter((r) => r.method !== 'GET').length;
    const before = writes();
    const answerTo = async (text: string) => {
      const res = await h.slack.sendSlashCommand({ userId: 'U0VIEWER', channelId: 'C0INFRA', text });
      return (
        blocksText(res.body) + JSON.stringify(h.slack.ephemeralMessages('U0VIEWER').at(-1)?.message ?? {})
      );
    };
    expect(await answerTo('add queue viewer-queue')).toMatch(/needs the operator role/);
    // Missing input from someone who may not add: the usage line, never the form.
    expect(await answerTo('add')).toMatch(/needs a kind/);
    expect(h.slack.openViews('U0VIEWER')).toEqual([]);
    expect(writes()).toBe(before);
    const denied = await h.bot.store.query<{ verb: string; outcome: string }>('audit', {
      descending: true,
      limit: 5,
    });
    expect(denied.map((e) => e.value)).toContainEqual(
      expect.objectContaining({ verb: 'add', outcome: 'denied' }),
    );
  });
});
