import type { PostedRef } from '../ports/publisher.js';
import type { Store, StoreItem } from '../store/store.js';

/**
 * A pull request infrabot follows back into its Slack thread. Kept in the store, so a restart
 * (or another replica) picks up where the last poll stopped: ETags, what was already posted.
 */
export interface FollowRecord {
  repo: string;
  number: number;
  url: string;
  thread: PostedRef;
  state: 'open' | 'closed' | 'merged';
  headSha?: string;
  etags: { pull?: string; reviews?: string; checks?: string };
  /** Review IDs already posted. */
  postedReviews: number[];
  /** Check run id → the `status/conclusion` last posted. */
  postedChecks: Record<string, string>;
  /** Epoch ms of the next poll, and the current backoff interval. */
  nextPollAt: number;
  intervalMs: number;
}

export const FOLLOW_PK = 'pr-follow';
export const followKey = (repo: string, number: number) => ({
  pk: FOLLOW_PK,
  sk: `${repo}#${String(number).padStart(8, '0')}`,
});

/** Followed PRs are dropped after 30 days even if nobody ever merges or closes them. */
export const FOLLOW_TTL_MS = 30 * 86_400_000;

export async function startFollowing(
  store: Store,
  input: { repo: string; number: number; url: string; thread: PostedRef; now: number },
): Promise<void> {
  const record: FollowRecord = {
    repo: input.repo,
    number: input.number,
    url: input.url,
    thread: input.thread,
    state: 'open',
    etags: {},
    postedReviews: [],
    postedChecks: {},
    // Due at once; the follower's own timing spaces the polls after that.
    nextPollAt: input.now,
    intervalMs: 0,
  };
  await store.put(followKey(input.repo, input.number), record, { ttlMs: FOLLOW_TTL_MS });
}

export function followedPulls(store: Store): Promise<StoreItem<FollowRecord>[]> {
  return store.query<FollowRecord>(FOLLOW_PK);
}
