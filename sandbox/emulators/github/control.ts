import { ApiError, notFound, unprocessable } from './errors.js';
import {
  type MergeOptions,
  mergePull,
  requirePull,
  setPullState,
  submitReview,
  testMerge,
} from './pull-ops.js';
import {
  type CheckConclusion,
  type CheckRunRecord,
  type CheckStatus,
  type CreateRepoInput,
  type EmulatorState,
  type PullRecord,
  personFor,
  type Repository,
  type ReviewState,
  type StatusRecord,
  type StatusState,
} from './repo-store.js';
import {
  buildTree,
  type FlatTree,
  flattenTree,
  isValidPath,
  lookupPath,
  removePath,
  setLeaf,
} from './tree-ops.js';
import { combinedState } from './views-checks.js';
import type { Links } from './views-core.js';

/**
 * The test/sandbox side of the emulator: seeding repositories and playing the humans and CI that
 * infrabot waits for (reviews, check runs, merges). Used by the JS API in index.ts and by the
 * JSON control API under /_emulator/, so both behave identically.
 */

export interface RepoSummary {
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  /** Tip of the default branch; null for an empty repository. */
  headSha: string | null;
}

export interface PullSummary {
  number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  merged: boolean;
  draft: boolean;
  user: string;
  headRef: string;
  headSha: string;
  baseRef: string;
  htmlUrl: string;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
  mergeCommitSha: string | null;
}

export interface PushInput {
  /** path → new UTF-8 content, or null to delete the path. */
  files: Record<string, string | null>;
  message?: string;
  /** Login of the author; default the repository owner. */
  author?: string;
}

export interface ReviewInput {
  user: string;
  state: ReviewState;
  body?: string;
}

export interface CheckRunInput {
  name: string;
  /** Defaults to `completed` when a conclusion is given, else `queued`. */
  status?: CheckStatus;
  conclusion?: CheckConclusion;
  detailsUrl?: string;
  title?: string;
  summary?: string;
}

export interface CommitStatusInput {
  context: string;
  state: StatusState;
  description?: string;
  targetUrl?: string;
}

export interface ControlMergeOptions extends MergeOptions {
  /** Login of the person merging. */
  by: string;
}

export class EmulatorControl {
  constructor(
    private readonly state: EmulatorState,
    private readonly links: () => Links,
  ) {}

  private repo(owner: string, name: string): Repository {
    const repo = this.state.repo(owner, name);
    if (!repo) throw notFound(`Repository ${owner}/${name} not found`);
    return repo;
  }

  private commitish(repo: Repository, ref: string): string {
    const sha = repo.resolveCommitish(ref);
    if (!sha) throw unprocessable(`No commit found for SHA: ${ref}`);
    return sha;
  }

  createRepo(owner: string, name: string, input: CreateRepoInput = {}): RepoSummary {
    if (this.state.repo(owner, name)) throw unprocessable(`Repository ${owner}/${name} already exists`);
    return this.summary(this.state.createRepo(owner, name, input));
  }

  private summary(repo: Repository): RepoSummary {
    return {
      owner: repo.owner.login,
      name: repo.name,
      fullName: repo.fullName,
      defaultBranch: repo.defaultBranch,
      headSha: repo.branchSha(repo.defaultBranch) ?? null,
    };
  }

  /**
   * Commits onto a branch as a person pushing would (creating the branch from the default branch
   * when missing): `files` maps paths to new text, or to null to delete them.
   */
  pushCommit(owner: string, name: string, branch: string, input: PushInput): { sha: string } {
    const repo = this.repo(owner, name);
    const now = this.state.now();
    const parent = repo.branchSha(branch) ?? repo.branchSha(repo.defaultBranch);
    const flat: FlatTree = parent ? flattenTree(repo.objects, repo.objects.commit(parent)!.tree) : new Map();
    for (const [path, content] of Object.entries(input.files)) {
      if (!isValidPath(path)) throw unprocessable(`${path} contains a malformed path component`);
      if (content === null) removePath(flat, path);
      else setLeaf(flat, path, { mode: '100644', sha: repo.objects.putBlob(Buffer.from(content, 'utf8')) });
    }
    const person = personFor(this.state.user(input.author ?? repo.owner.login), now);
    const sha = repo.objects.putCommit({
      tree: buildTree(repo.objects, flat),
      parents: parent ? [parent] : [],
      author: person,
      committer: person,
      message: input.message ?? 'Update files',
    });
    repo.setRef(`refs/heads/${branch}`, sha, now);
    return { sha };
  }

  branchSha(owner: string, name: string, branch: string): string | undefined {
    return this.repo(owner, name).branchSha(branch);
  }

  /** A file's text at a ref (branch, tag or SHA); undefined when the ref or the file is missing. */
  readFile(owner: string, name: string, ref: string, path: string): string | undefined {
    const repo = this.repo(owner, name);
    const sha = repo.resolveCommitish(ref);
    if (!sha) return undefined;
    const entry = lookupPath(repo.objects, repo.objects.commit(sha)!.tree, path.replace(/^\/+/, ''));
    if (entry?.type !== 'blob') return undefined;
    return repo.objects.blob(entry.sha)!.toString('utf8');
  }

  pullSummary(repo: Repository, pull: PullRecord): PullSummary {
    return {
      number: pull.number,
      title: pull.title,
      body: pull.body,
      state: pull.state,
      merged: pull.mergedAt !== null,
      draft: pull.draft,
      user: pull.user.login,
      headRef: pull.headRef,
      headSha: pull.headSha,
      baseRef: pull.baseRef,
      htmlUrl: `${this.links().html}/${repo.fullName}/pull/${pull.number}`,
      labels: [...pull.labels],
      requestedReviewers: pull.requestedReviewers.map((user) => user.login),
      requestedTeams: pull.requestedTeams.map((team) => team.slug),
      mergeCommitSha: pull.mergeCommitSha,
    };
  }

  listPulls(owner: string, name: string, filter: { state?: 'open' | 'closed' | 'all' } = {}): PullSummary[] {
    const repo = this.repo(owner, name);
    const state = filter.state ?? 'all';
    return [...repo.pulls.values()]
      .filter((pull) => state === 'all' || pull.state === state)
      .map((pull) => this.pullSummary(repo, pull));
  }

  listComments(
    owner: string,
    name: string,
    number: number,
  ): Array<{ id: number; user: string; body: string }> {
    const repo = this.repo(owner, name);
    requirePull(repo, number);
    return repo.comments
      .filter((comment) => comment.issueNumber === number)
      .map((comment) => ({ id: comment.id, user: comment.user.login, body: comment.body }));
  }

  addReview(owner: string, name: string, number: number, input: ReviewInput) {
    const repo = this.repo(owner, name);
    const pull = requirePull(repo, number);
    const review = submitReview(this.state, repo, pull, this.state.user(input.user), {
      state: input.state,
      ...(input.body !== undefined ? { body: input.body } : {}),
    });
    return {
      id: review.id,
      user: review.user.login,
      state: review.state,
      body: review.body,
      commitId: review.commitId,
    };
  }

  /** Creates the named check run on a commit, or updates it if that commit already has one. */
  setCheckRun(owner: string, name: string, ref: string, input: CheckRunInput) {
    const repo = this.repo(owner, name);
    const sha = this.commitish(repo, ref);
    const status = input.status ?? (input.conclusion ? 'completed' : 'queued');
    if (status === 'completed' && !input.conclusion) {
      throw unprocessable('Invalid request.\n\n"conclusion" wasn\'t supplied.');
    }
    const now = this.state.now();
    let run = repo.checkRuns.find((candidate) => candidate.headSha === sha && candidate.name === input.name);
    if (!run) {
      run = {
        id: this.state.nextId(),
        name: input.name,
        headSha: sha,
        status,
        conclusion: null,
        startedAt: now,
        completedAt: null,
        detailsUrl: null,
        output: { title: null, summary: null, text: null },
      } satisfies CheckRunRecord;
      repo.checkRuns.push(run);
    }
    run.status = status;
    run.conclusion = status === 'completed' ? (input.conclusion ?? null) : null;
    run.completedAt = status === 'completed' ? now : null;
    if (input.detailsUrl !== undefined) run.detailsUrl = input.detailsUrl;
    if (input.title !== undefined) run.output.title = input.title;
    if (input.summary !== undefined) run.output.summary = input.summary;
    return { id: run.id, name: run.name, headSha: sha, status: run.status, conclusion: run.conclusion };
  }

  setCommitStatus(owner: string, name: string, ref: string, input: CommitStatusInput) {
    const repo = this.repo(owner, name);
    const sha = this.commitish(repo, ref);
    const now = this.state.now();
    const status: StatusRecord = {
      id: this.state.nextId(),
      sha,
      context: input.context,
      state: input.state,
      description: input.description ?? null,
      targetUrl: input.targetUrl ?? null,
      creator: this.state.user('github-actions[bot]', 'Bot'),
      createdAt: now,
      updatedAt: now,
    };
    repo.statuses.push(status);
    return { id: status.id, sha, context: status.context, state: status.state };
  }

  mergePull(owner: string, name: string, number: number, options: ControlMergeOptions): { sha: string } {
    const repo = this.repo(owner, name);
    const pull = requirePull(repo, number);
    const { by, ...mergeOptions } = options;
    return { sha: mergePull(this.state, repo, pull, this.state.user(by), mergeOptions) };
  }

  closePull(owner: string, name: string, number: number): PullSummary {
    const repo = this.repo(owner, name);
    const pull = requirePull(repo, number);
    if (pull.mergedAt) throw new ApiError(422, 'Pull request is already merged');
    setPullState(this.state, repo, pull, 'closed');
    return this.pullSummary(repo, pull);
  }

  /** Everything the sandbox page shows, in one JSON document. */
  snapshot(): Record<string, unknown> {
    return {
      repos: this.state.allRepos().map((repo) => ({
        ...this.summary(repo),
        branches: Object.fromEntries(
          [...repo.refs.entries()]
            .filter(([ref]) => ref.startsWith('refs/heads/'))
            .map(([ref, sha]) => [ref.slice('refs/heads/'.length), sha]),
        ),
        pulls: [...repo.pulls.values()].map((pull) => {
          const statuses = repo.latestStatuses(pull.headSha);
          return {
            ...this.pullSummary(repo, pull),
            mergeable: pull.state === 'open' ? testMerge(repo, pull).clean : null,
            reviews: repo.reviews
              .filter((review) => review.pullNumber === pull.number)
              .map((review) => ({ user: review.user.login, state: review.state, body: review.body })),
            checkRuns: repo.checkRuns
              .filter((run) => run.headSha === pull.headSha)
              .map((run) => ({ name: run.name, status: run.status, conclusion: run.conclusion })),
            combinedStatus: combinedState(statuses),
            comments: repo.comments
              .filter((comment) => comment.issueNumber === pull.number)
              .map((comment) => ({ user: comment.user.login, body: comment.body })),
          };
        }),
      })),
    };
  }
}
