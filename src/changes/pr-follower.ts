import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { Message } from '../commands/message.js';
import { StoreMergedPullRequests } from '../incidents/recent-changes.js';
import type { Logger } from '../logger.js';
import type { Publisher } from '../ports/publisher.js';
import { ConditionFailedError, type Store, type StoreItem } from '../store/store.js';
import type { Worker } from '../workers/worker.js';
import type { ChangeService } from './change-service.js';
import { type FollowRecord, followedPulls, followKey } from './follow-record.js';
import { type CheckRun, InfraRepoError, type PullStatus, type Review } from './infra-repo.js';

/**
 * Follows the PRs `/infra add` opened back into their Slack threads: reviews, check runs (with
 * conclusion and link) and the merge or close. Socket Mode has no public webhook endpoint, so it
 * polls — with ETags (a 304 costs no rate limit) and a backoff that grows while nothing happens.
 * State lives in the store, so a restart or another replica carries on without re-posting; one
 * replica polls at a time (a lease).
 */

export interface FollowerTiming {
  /** How often the worker looks for PRs that are due. */
  tickMs: number;
  /** Interval after something changed; doubles while nothing does, up to maxIntervalMs. */
  minIntervalMs: number;
  maxIntervalMs: number;
}

export const DEFAULT_FOLLOWER_TIMING: FollowerTiming = {
  tickMs: 5_000,
  minIntervalMs: 15_000,
  maxIntervalMs: 5 * 60_000,
};

const LEASE = 'pr-follower';

const REVIEW_TEXT: Record<string, string> = {
  APPROVED: '✅ approved',
  CHANGES_REQUESTED: '❌ requested changes',
  COMMENTED: '💬 commented',
  DISMISSED: 'dismissed a review',
};

const CHECK_MARK: Record<string, string> = {
  success: '✅',
  failure: '❌',
  timed_out: '⏱️',
  cancelled: '⏹️',
  action_required: '⚠️',
  neutral: '➖',
  skipped: '➖',
};

export interface FollowerDeps {
  changes: ChangeService;
  store: Store;
  publisher: Publisher;
  clock: Clock;
  logger: Logger;
  instanceId: string;
  timing?: Partial<FollowerTiming>;
}

export class PullRequestFollower implements Worker {
  readonly name = 'pr-follower';
  private readonly timing: FollowerTiming;
  private loop: Promise<void> | undefined;
  private wake = new AbortController();

  constructor(private readonly deps: FollowerDeps) {
    this.timing = { ...DEFAULT_FOLLOWER_TIMING, ...deps.timing };
  }

  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.wake.abort(), { once: true });
    this.loop = this.run(signal);
  }

  async drain(_deadline: number): Promise<void> {
    this.wake.abort();
    // The host bounds the wait by the deadline; a timer of our own here would keep the process
    // alive for the whole drain time after the loop has already ended.
    await this.loop;
    await this.deps.store.releaseLease(LEASE, this.deps.instanceId).catch(() => {});
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.tick(signal);
      } catch (error) {
        this.deps.logger.warn({ err: error, worker: this.name }, 'pull request follow-up round failed');
      }
      await sleep(this.timing.tickMs, undefined, { signal: this.wake.signal }).catch(() => {});
    }
  }

  /** One round: every followed PR that is due, one after another (exported for tests). */
  async tick(signal?: AbortSignal): Promise<void> {
    const lease = await this.deps.store.acquireLease(LEASE, this.deps.instanceId, this.timing.tickMs * 6);
    if (!lease) return;
    const now = this.deps.clock.now().getTime();
    const due = (await followedPulls(this.deps.store)).filter((item) => item.value.nextPollAt <= now);
    for (const item of due) {
      if (signal?.aborted) return;
      await this.follow(item);
    }
  }

  /** Incidents list the merge under "what changed" (incidents/recent-changes.ts reads it back). */
  private async recordMerge(record: FollowRecord, pull: PullStatus): Promise<void> {
    try {
      await new StoreMergedPullRequests(this.deps.store).record({
        repo: record.repo,
        number: record.number,
        title: pull.title,
        url: record.url,
        ...(pull.mergedBy ? { mergedBy: pull.mergedBy } : {}),
        mergedAt: pull.mergedAt ? new Date(pull.mergedAt) : this.deps.clock.now(),
      });
    } catch (error) {
      // The thread still hears of the merge; only incidents' "what changed" will miss it.
      this.deps.logger.warn(
        { err: error, pr: record.url },
        'could not record the merge for incident context',
      );
    }
  }

  private async follow(item: StoreItem<FollowRecord>): Promise<void> {
    const record: FollowRecord = structuredClone(item.value);
    const posts: Message[] = [];
    let done = false;
    try {
      const repo = await this.deps.changes.repository();
      const pull = await repo.pullStatus(record.number, record.etags.pull);
      if (!pull.notModified) {
        if (pull.etag) record.etags.pull = pull.etag;
        if (record.headSha && pull.value.headSha !== record.headSha) {
          posts.push(text(`🔁 New commit pushed (\`${pull.value.headSha.slice(0, 7)}\`): checks run again.`));
          record.etags.checks = undefined;
        }
        record.headSha = pull.value.headSha;
        if (pull.value.state !== record.state) {
          record.state = pull.value.state;
          if (pull.value.state === 'merged') {
            await this.recordMerge(record, pull.value);
            posts.push(
              text(
                `🎉 <${record.url}|#${record.number}> merged${pull.value.mergedBy ? ` by ${pull.value.mergedBy}` : ''}.`,
                'success',
              ),
            );
          }
          if (pull.value.state === 'closed')
            posts.push(text(`<${record.url}|#${record.number}> was closed without merging.`));
          done = true;
        }
      }
      const reviews = await repo.reviews(record.number, record.etags.reviews);
      if (!reviews.notModified) {
        if (reviews.etag) record.etags.reviews = reviews.etag;
        for (const review of reviews.value.filter((r) => !record.postedReviews.includes(r.id))) {
          posts.push(reviewMessage(review));
          record.postedReviews.push(review.id);
        }
      }
      if (record.headSha) {
        const checks = await repo.checkRuns(record.headSha, record.etags.checks);
        if (!checks.notModified) {
          if (checks.etag) record.etags.checks = checks.etag;
          for (const run of checks.value) {
            const key = `${record.headSha}:${run.id}`;
            const seen = `${run.status}/${run.conclusion ?? ''}`;
            // Only finished runs are news; a run that starts again is posted when it finishes.
            if (run.status !== 'completed' || record.postedChecks[key] === seen) continue;
            posts.push(checkMessage(run));
            record.postedChecks[key] = seen;
          }
        }
      }
      const changed = posts.length > 0;
      record.intervalMs = changed
        ? this.timing.minIntervalMs
        : Math.min(this.timing.maxIntervalMs, Math.max(this.timing.minIntervalMs, record.intervalMs * 2));
    } catch (error) {
      const retryAfter = error instanceof InfraRepoError ? error.retryAfterSeconds : undefined;
      record.intervalMs = retryAfter
        ? retryAfter * 1000
        : Math.min(this.timing.maxIntervalMs, Math.max(this.timing.minIntervalMs, record.intervalMs * 2));
      this.deps.logger.warn({ err: error, pr: record.url }, 'could not read the pull request; trying later');
    }
    for (const message of posts) await this.deps.publisher.postInThread(record.thread, message);
    record.nextPollAt = this.deps.clock.now().getTime() + record.intervalMs;
    try {
      const key = followKey(record.repo, record.number);
      if (done) await this.deps.store.delete(key, { version: item.version });
      else await this.deps.store.put(key, record, { condition: { version: item.version } });
    } catch (error) {
      // Someone else (a replica before the lease moved) already saved a newer state: theirs wins.
      if (!(error instanceof ConditionFailedError)) throw error;
    }
  }
}

function text(body: string, tone?: Message['tone']): Message {
  return { ...(tone ? { tone } : {}), parts: [{ type: 'text', text: body }] };
}

function reviewMessage(review: Review): Message {
  const what = REVIEW_TEXT[review.state] ?? review.state.toLowerCase();
  return text(
    `*${review.user}* ${what} · <${review.url}|review>`,
    review.state === 'APPROVED' ? 'success' : undefined,
  );
}

function checkMessage(run: CheckRun): Message {
  const mark = CHECK_MARK[run.conclusion ?? ''] ?? '•';
  const link = run.url ? ` · <${run.url}|details>` : '';
  return text(`${mark} Check *${run.name}*: ${run.conclusion ?? run.status}${link}`);
}
