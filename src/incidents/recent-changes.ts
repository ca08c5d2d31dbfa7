import type { Store } from '../store/store.js';
import type { PullRequestChange } from './change-items.js';

/**
 * The infra pull requests infrabot opened that were merged: where "what changed" reads them.
 * The changes feature (`/infra add`) follows each PR to its merge; on a merge it calls
 * `StoreMergedPullRequests.record` so incidents can list it. Without that feature, the port is
 * `NoMergedPullRequests`, which says it cannot tell — never "none were merged".
 */
export type MergedPullRequestsReading =
  | { kind: 'read'; items: PullRequestChange[] }
  | { kind: 'not-available'; reason: string };

export interface MergedPullRequests {
  mergedSince(since: Date): Promise<MergedPullRequestsReading>;
}

export class NoMergedPullRequests implements MergedPullRequests {
  constructor(private readonly reason: string) {}
  async mergedSince(): Promise<MergedPullRequestsReading> {
    return { kind: 'not-available', reason: this.reason };
  }
}

const PARTITION = 'pr-merged';
/** Kept two days: incidents look back 24 hours. */
const KEPT_MS = 2 * 86_400_000;

interface StoredMerge {
  repo: string;
  number: number;
  title: string;
  url: string;
  mergedAt: string;
  mergedBy?: string;
  openedBy?: string;
}

/** Merges recorded in the store by the pull request follower, read back by time. */
export class StoreMergedPullRequests implements MergedPullRequests {
  constructor(private readonly store: Store) {}

  async record(merge: Omit<PullRequestChange, 'kind' | 'at'> & { mergedAt: Date }): Promise<void> {
    const value: StoredMerge = {
      repo: merge.repo,
      number: merge.number,
      title: merge.title,
      url: merge.url,
      mergedAt: merge.mergedAt.toISOString(),
      ...(merge.mergedBy ? { mergedBy: merge.mergedBy } : {}),
      ...(merge.openedBy ? { openedBy: merge.openedBy } : {}),
    };
    await this.store.put({ pk: PARTITION, sk: `${value.mergedAt}#${merge.repo}#${merge.number}` }, value, {
      ttlMs: KEPT_MS,
    });
  }

  async mergedSince(since: Date): Promise<MergedPullRequestsReading> {
    const items = await this.store.query<StoredMerge>(PARTITION, { descending: true, limit: 200 });
    return {
      kind: 'read',
      items: items
        .map((i) => i.value)
        .filter((m) => Date.parse(m.mergedAt) >= since.getTime())
        .map((m) => ({
          kind: 'pull-request' as const,
          at: new Date(m.mergedAt),
          repo: m.repo,
          number: m.number,
          title: m.title,
          url: m.url,
          ...(m.mergedBy ? { mergedBy: m.mergedBy } : {}),
          ...(m.openedBy ? { openedBy: m.openedBy } : {}),
        })),
    };
  }
}
