/**
 * The port to the team's infra repository (GitHub in production, the emulator in tests). Small on
 * purpose: each method is one API call, so the call budget of a pull request is visible here.
 */

export interface RepoFile {
  path: string;
  /** Blob SHA: content-addressed, so a parsed file can be cached by it across requests. */
  sha: string;
}

export interface RepoSnapshot {
  /** Commit at the tip of the base branch. */
  commitSha: string;
  treeSha: string;
  files: RepoFile[];
}

export interface PullRef {
  number: number;
  url: string;
  state: 'open' | 'closed' | 'merged';
}

export type InfraRepoErrorCode =
  | 'branch-exists'
  | 'not-found'
  | 'forbidden'
  | 'unauthorized'
  | 'rate-limited'
  | 'invalid'
  | 'unavailable';

/** A failure of one call, classified so the user gets a fix, not a status code. */
export class InfraRepoError extends Error {
  constructor(
    readonly code: InfraRepoErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'InfraRepoError';
  }
}

export interface NewPull {
  branch: string;
  base: string;
  title: string;
  body: string;
}

export interface PullStatus {
  state: 'open' | 'closed' | 'merged';
  headSha: string;
  title: string;
  mergedBy?: string;
  /** ISO time of the merge (GitHub's merged_at). */
  mergedAt?: string;
}

export interface Review {
  id: number;
  user: string;
  state: string;
  url: string;
}

export interface CheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  url: string;
}

/** A conditional read: `notModified` when the ETag still matches (costs no rate limit). */
export type Conditional<T> = { notModified: true } | { notModified: false; etag?: string; value: T };

export interface InfraRepo {
  readonly fullName: string;
  /** Base branch tip and its whole tree (two calls). */
  snapshot(base: string): Promise<RepoSnapshot>;
  /** One blob's text (one call). */
  readBlob(sha: string): Promise<string>;
  /** One commit with all files on top of `parent` (tree with inline contents + commit: two calls). */
  commitFiles(input: {
    parent: string;
    baseTree: string;
    files: Array<{ path: string; content: string }>;
    message: string;
  }): Promise<string>;
  /** Creates `refs/heads/<branch>` at `sha`; `branch-exists` when it is there already. */
  createBranch(branch: string, sha: string): Promise<void>;
  deleteBranch(branch: string): Promise<void>;
  openPull(pull: NewPull): Promise<PullRef>;
  requestReviewers(number: number, users: string[], teams: string[]): Promise<void>;
  addLabels(number: number, labels: string[]): Promise<void>;
  /** The newest pull request whose head is this branch, any state. */
  findPullForBranch(branch: string): Promise<PullRef | undefined>;
  /** For the follower: conditional reads by ETag. */
  pullStatus(number: number, etag?: string): Promise<Conditional<PullStatus>>;
  reviews(number: number, etag?: string): Promise<Conditional<Review[]>>;
  checkRuns(sha: string, etag?: string): Promise<Conditional<CheckRun[]>>;
  /** Link to a branch, for "branch already exists" messages. */
  branchUrl(branch: string): string;
}
