import { type GitPerson, ObjectStore } from './git-objects.js';
import { buildTree, type FlatTree } from './tree-ops.js';

/**
 * The emulator's whole state: users, repositories, and per repository its git objects, refs and
 * the collaboration records (pull requests, comments, reviews, labels, checks, statuses).
 * Everything is synchronous and in memory, so each HTTP request applies atomically.
 */

export interface Actor {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
}

export interface Team {
  id: number;
  slug: string;
  name: string;
}

export interface PullRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  draft: boolean;
  user: Actor;
  headRef: string;
  /** Follows the head branch while the PR is open; frozen once it closes. */
  headSha: string;
  baseRef: string;
  /** Follows the base branch while the PR is open; frozen once it closes. */
  baseSha: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  mergedAt: Date | null;
  mergedBy: Actor | null;
  mergeCommitSha: string | null;
  requestedReviewers: Actor[];
  requestedTeams: Team[];
  labels: string[];
  maintainerCanModify: boolean;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  user: Actor;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED';

export interface ReviewRecord {
  id: number;
  pullNumber: number;
  user: Actor;
  state: ReviewState;
  body: string;
  commitId: string;
  submittedAt: Date;
}

export type CheckStatus = 'queued' | 'in_progress' | 'completed';
export type CheckConclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'action_required'
  | 'stale';

export interface CheckRunRecord {
  id: number;
  name: string;
  headSha: string;
  status: CheckStatus;
  conclusion: CheckConclusion | null;
  startedAt: Date;
  completedAt: Date | null;
  detailsUrl: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

export type StatusState = 'error' | 'failure' | 'pending' | 'success';

export interface StatusRecord {
  id: number;
  sha: string;
  context: string;
  state: StatusState;
  description: string | null;
  targetUrl: string | null;
  creator: Actor;
  createdAt: Date;
  updatedAt: Date;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export class Repository {
  readonly objects = new ObjectStore();
  /** Fully qualified ref name (`refs/heads/main`) → commit SHA. */
  readonly refs = new Map<string, string>();
  readonly pulls = new Map<number, PullRecord>();
  readonly comments: CommentRecord[] = [];
  readonly reviews: ReviewRecord[] = [];
  /** Keyed by lower-cased name: GitHub label names are case-insensitive. */
  readonly labels = new Map<string, LabelRecord>();
  readonly checkRuns: CheckRunRecord[] = [];
  readonly statuses: StatusRecord[] = [];
  readonly collaborators = new Set<string>();
  readonly teams = new Map<string, Team>();
  /** Issues and pull requests share one number sequence, as on GitHub. */
  private lastNumber = 0;

  constructor(
    readonly id: number,
    readonly owner: Actor,
    readonly name: string,
    public defaultBranch: string,
    readonly createdAt: Date,
  ) {}

  get fullName(): string {
    return `${this.owner.login}/${this.name}`;
  }

  nextNumber(): number {
    this.lastNumber += 1;
    return this.lastNumber;
  }

  isEmpty(): boolean {
    return this.refs.size === 0;
  }

  branchSha(branch: string): string | undefined {
    return this.refs.get(`refs/heads/${branch}`);
  }

  /** Every ref write goes through here so open pull requests keep tracking their head branch. */
  setRef(name: string, sha: string, now: Date): void {
    this.refs.set(name, sha);
    const branch = name.startsWith('refs/heads/') ? name.slice('refs/heads/'.length) : undefined;
    if (branch === undefined) return;
    for (const pull of this.pulls.values()) {
      if (pull.state !== 'open') continue;
      if (pull.headRef === branch && pull.headSha !== sha) {
        pull.headSha = sha;
        pull.updatedAt = now;
      }
      if (pull.baseRef === branch) pull.baseSha = sha;
    }
  }

  /** Deleting a head branch closes its open pull requests, as GitHub does. */
  deleteRef(name: string, now: Date): void {
    this.refs.delete(name);
    const branch = name.startsWith('refs/heads/') ? name.slice('refs/heads/'.length) : undefined;
    if (branch === undefined) return;
    for (const pull of this.pulls.values()) {
      if (pull.state === 'open' && pull.headRef === branch) {
        pull.state = 'closed';
        pull.closedAt = now;
        pull.updatedAt = now;
      }
    }
  }

  /**
   * Resolves what GitHub accepts as `ref`/`commit_sha`: a branch, a tag, a fully qualified ref, a
   * full SHA, or an unambiguous abbreviated SHA (7+ hex digits). Returns a commit SHA.
   */
  resolveCommitish(ref: string): string | undefined {
    const candidates = ref.startsWith('refs/')
      ? [ref]
      : [`refs/heads/${ref}`, `refs/tags/${ref}`, `refs/${ref}`];
    for (const name of candidates) {
      const sha = this.refs.get(name);
      if (sha) return sha;
    }
    const lower = ref.toLowerCase();
    if (/^[0-9a-f]{40}$/.test(lower)) return this.objects.typeOf(lower) === 'commit' ? lower : undefined;
    if (/^[0-9a-f]{7,39}$/.test(lower)) {
      const matches = this.objects.findByPrefix(lower).filter((sha) => this.objects.typeOf(sha) === 'commit');
      if (matches.length === 1) return matches[0];
    }
    return undefined;
  }

  /** The newest status per context on a commit, newest first (what the combined status reports). */
  latestStatuses(sha: string): StatusRecord[] {
    const latest = new Map<string, StatusRecord>();
    for (const status of this.statuses) if (status.sha === sha) latest.set(status.context, status);
    return [...latest.values()].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || b.id - a.id);
  }

  label(name: string): LabelRecord | undefined {
    return this.labels.get(name.toLowerCase());
  }
}

export function personFor(actor: Actor, at: Date): GitPerson {
  return {
    name: actor.login,
    email: `${actor.id}+${actor.login}@users.noreply.github.com`,
    timestamp: Math.floor(at.getTime() / 1000),
    tz: '+0000',
  };
}

/** The committer GitHub stamps on commits it makes itself (merges, web edits). */
export function githubCommitter(at: Date): GitPerson {
  return {
    name: 'GitHub',
    email: 'noreply@github.com',
    timestamp: Math.floor(at.getTime() / 1000),
    tz: '+0000',
  };
}

export interface CreateRepoInput {
  defaultBranch?: string;
  /** path → UTF-8 text or raw bytes; becomes one initial commit. Omit for an empty repository. */
  files?: Record<string, string | Uint8Array>;
  collaborators?: string[];
  /** Team slugs that may be asked for review. */
  teams?: string[];
  /** Default 'Organization', the usual home of an infrastructure repository. */
  ownerType?: 'User' | 'Organization';
}

export class EmulatorState {
  private readonly repos = new Map<string, Repository>();
  private readonly users = new Map<string, Actor>();
  private lastId = 1000;

  constructor(readonly now: () => Date) {}

  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** Users spring into existence on first mention; logins are case-insensitive. */
  user(login: string, type: Actor['type'] = 'User'): Actor {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = { login, id: this.nextId(), type };
      this.users.set(key, user);
    }
    return user;
  }

  /**
   * Maps a commit email back to an account the way GitHub links commits to profiles: the
   * `<id>+<login>@users.noreply.github.com` address, or `noreply@github.com` for GitHub's own
   * "web-flow" commits.
   */
  userByEmail(email: string): Actor | undefined {
    if (email === 'noreply@github.com') return this.user('web-flow');
    const match = /^(\d+)\+(.+)@users\.noreply\.github\.com$/.exec(email);
    const user = match ? this.users.get(match[2]!.toLowerCase()) : undefined;
    return user && user.id === Number(match![1]) ? user : undefined;
  }

  repo(owner: string, name: string): Repository | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  allRepos(): Repository[] {
    return [...this.repos.values()];
  }

  createRepo(ownerLogin: string, name: string, input: CreateRepoInput = {}): Repository {
    if (this.repo(ownerLogin, name)) throw new Error(`repository ${ownerLogin}/${name} already exists`);
    const now = this.now();
    const owner = this.user(ownerLogin, input.ownerType ?? 'Organization');
    const repo = new Repository(this.nextId(), owner, name, input.defaultBranch ?? 'main', now);
    // An organization is not a person and can't review; a user-owned repo's owner can.
    if (owner.type === 'User') repo.collaborators.add(owner.login.toLowerCase());
    for (const login of input.collaborators ?? []) {
      this.user(login);
      repo.collaborators.add(login.toLowerCase());
    }
    for (const slug of input.teams ?? []) {
      repo.teams.set(slug.toLowerCase(), { id: this.nextId(), slug, name: slug });
    }
    const files = Object.entries(input.files ?? {});
    if (files.length > 0) {
      const flat: FlatTree = new Map();
      for (const [path, content] of files) {
        const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
        flat.set(path.replace(/^\/+/, ''), { mode: '100644', sha: repo.objects.putBlob(bytes) });
      }
      const person = personFor(owner, now);
      const sha = repo.objects.putCommit({
        tree: buildTree(repo.objects, flat),
        parents: [],
        author: person,
        committer: person,
        message: 'Initial commit',
      });
      repo.setRef(`refs/heads/${repo.defaultBranch}`, sha, now);
    }
    this.repos.set(`${ownerLogin}/${name}`.toLowerCase(), repo);
    return repo;
  }
}
