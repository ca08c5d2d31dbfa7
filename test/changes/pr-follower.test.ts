import { afterEach, describe, expect, it } from 'vitest';
import type { GitHubEmulator } from '../../sandbox/emulators/github/index.js';
import { startFollowing } from '../../src/changes/follow-record.js';
import { PullRequestFollower } from '../../src/changes/pr-follower.js';
import type { Message } from '../../src/commands/message.js';
import { messageToPlainText } from '../../src/commands/message.js';
import { StoreMergedPullRequests } from '../../src/incidents/recent-changes.js';
import type { PostedRef, Publisher } from '../../src/ports/publisher.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { captureLogger } from '../support/capture-logger.js';
import { REQUESTER, serviceFor, spec, startInfraRepoEmulator } from './support.js';

/** Records thread replies; the Slack adapter itself is covered by the Slack tests. */
class ThreadRecorder implements Publisher {
  readonly replies: Array<{ parent: PostedRef; text: string }> = [];
  async post(channel: string): Promise<PostedRef> {
    return { channel, ts: '1.0' };
  }
  async update(): Promise<void> {}
  async postInThread(parent: PostedRef, message: Message): Promise<PostedRef> {
    this.replies.push({ parent, text: messageToPlainText(message) });
    return { channel: parent.channel, ts: `2.${this.replies.length}` };
  }
  async upload(): Promise<void> {}
  async publishHome(): Promise<void> {}
  async permalink(ref: PostedRef): Promise<string> {
    return `https://slack.example/${ref.channel}/${ref.ts}`;
  }
}

let github: GitHubEmulator | undefined;
let store: Store | undefined;
afterEach(async () => {
  await github?.close();
  await store?.close();
  github = undefined;
  store = undefined;
});

const THREAD = { channel: 'C0INFRA', ts: '1700000000.000100' };
const clock = (t: { now: number }) => ({ now: () => new Date(t.now) });

async function setup() {
  github = await startInfraRepoEmulator();
  store = await openStore('memory');
  const changes = serviceFor({ GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url });
  const opened = await changes.open(spec('queue', 'orders'), REQUESTER, 'add queue orders');
  const time = { now: Date.now() };
  await startFollowing(store, {
    repo: 'acme/infra',
    number: opened.pull.number,
    url: opened.pull.url,
    thread: THREAD,
    now: time.now,
  });
  const publisher = new ThreadRecorder();
  const follower = (instanceId = 'a') =>
    new PullRequestFollower({
      changes,
      store: store!,
      publisher,
      clock: clock(time),
      logger: captureLogger().logger,
      instanceId,
      timing: { tickMs: 10, minIntervalMs: 1_000, maxIntervalMs: 8_000 },
    });
  return { opened, publisher, follower, time };
}

describe('the pull request follower', () => {
  it('posts each event once, survives a restart, and uses ETags while nothing changes', async () => {
    const { opened, publisher, follower, time } = await setup();
    const first = follower('a');
    await first.tick();
    expect(publisher.replies).toEqual([]);

    github!.addReview('acme', 'infra', opened.pull.number, { user: 'alice', state: 'CHANGES_REQUESTED' });
    time.now += 1_000;
    await first.tick();
    expect(publisher.replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/alice\* ❌ requested changes/),
    ]);
    expect(publisher.replies[0]!.parent).toEqual(THREAD);

    // The process stops (drain gives the lease up); a new one on the same store carries on:
    // nothing is posted twice, and unchanged reads are 304s.
    await first.drain(Date.now() + 1_000);
    const before = github!.requests.length;
    time.now += 1_000;
    await follower('b').tick();
    await follower('b').tick(); // not due yet: no calls
    expect(publisher.replies).toHaveLength(1);
    const round = github!.requests.slice(before);
    expect(round.map((r) => r.status)).toEqual([304, 304, 304]);

    github!.setCheckRun('acme', 'infra', opened.commitSha, { name: 'terraform plan', conclusion: 'failure' });
    time.now += 10_000;
    await follower('b').tick();
    expect(publisher.replies.at(-1)!.text).toMatch(
      /❌ Check \*terraform plan\*: failure · <https:\/\/github.com\/acme\/infra\/runs\/\d+\|details>/,
    );

    github!.closePull('acme', 'infra', opened.pull.number);
    time.now += 10_000;
    await follower('b').tick();
    expect(publisher.replies.at(-1)!.text).toMatch(/was closed without merging/);
    expect(await store!.query('pr-follow')).toEqual([]);
    // Closed without merging: no change for incidents to list.
    expect(await new StoreMergedPullRequests(store!).mergedSince(new Date(0))).toEqual({
      kind: 'read',
      items: [],
    });
  });

  it('records a merge for incident context: title, who merged it, when', async () => {
    const { opened, publisher, follower } = await setup();
    const before = new Date(Date.now() - 1_000);
    github!.mergePull('acme', 'infra', opened.pull.number, { by: 'bob' });
    await follower().tick();
    expect(publisher.replies.at(-1)!.text).toMatch(/merged by bob/);
    const reading = await new StoreMergedPullRequests(store!).mergedSince(before);
    expect(reading).toEqual({
      kind: 'read',
      items: [
        {
          kind: 'pull-request',
          at: expect.any(Date),
          repo: 'acme/infra',
          number: opened.pull.number,
          title: expect.stringContaining('orders'),
          url: opened.pull.url,
          mergedBy: 'bob',
        },
      ],
    });
    if (reading.kind === 'read')
      expect(reading.items[0]!.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it('backs off while nothing happens, up to the maximum', async () => {
    const { follower, time } = await setup();
    const intervals: number[] = [];
    for (let i = 0; i < 6; i++) {
      await follower().tick();
      const [item] = await store!.query<{ intervalMs: number; nextPollAt: number }>('pr-follow');
      intervals.push(item!.value.intervalMs);
      time.now = item!.value.nextPollAt;
    }
    expect(intervals).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('waits as long as GitHub says when rate limited, and posts nothing wrong', async () => {
    const { publisher, follower, time } = await setup();
    github!.injectFault({
      method: 'GET',
      pathPattern: '/repos/acme/infra/pulls/*',
      status: 403,
      retryAfterSeconds: 90,
    });
    await follower().tick();
    const [item] = await store!.query<{ nextPollAt: number }>('pr-follow');
    expect(item!.value.nextPollAt).toBe(time.now + 90_000);
    expect(publisher.replies).toEqual([]);
  });

  it('lets only one replica poll at a time', async () => {
    const { follower } = await setup();
    const a = follower('a');
    await a.tick();
    const before = github!.requests.length;
    await follower('b').tick();
    expect(github!.requests.length).toBe(before);
  });
});
