import { ApiError, unprocessable, validationFailed } from './errors.js';
import { commitsBetween, isAncestor, mergeBase } from './history.js';
import {
  type Actor,
  type EmulatorState,
  githubCommitter,
  type PullRecord,
  personFor,
  type Repository,
  type ReviewRecord,
  type ReviewState,
} from './repo-store.js';
import { type MergeOutcome, mergeTrees } from './tree-ops.js';

/**
 * Pull-request behaviour shared by the REST routes and the control API, so a merge from a test
 * and a merge from the sandbox page follow the same rules and produce the same errors.
 */

export interface CreatePullInput {
  title: string;
  head: string;
  base: string;
  body?: string | null;
  draft?: boolean;
  maintainerCanModify?: boolean;
}

/** `head` is `branch` or `owner:branch`; cross-repository (fork) heads are not modelled. */
function headBranch(repo: Repository, head: string): string | undefined {
  const colon = head.indexOf(':');
  if (colon < 0) return head;
  const owner = head.slice(0, colon);
  return owner.toLowerCase() === repo.owner.login.toLowerCase() ? head.slice(colon + 1) : undefined;
}

export function createPull(
  state: EmulatorState,
  repo: Repository,
  actor: Actor,
  input: CreatePullInput,
): PullRecord {
  const now = state.now();
  const baseSha = repo.branchSha(input.base);
  if (!baseSha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  const branch = headBranch(repo, input.head);
  const headSha = branch === undefined ? undefined : repo.branchSha(branch);
  if (branch === undefined || !headSha) {
    throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
  }
  for (const pull of repo.pulls.values()) {
    if (pull.state === 'open' && pull.headRef === branch && pull.baseRef === input.base) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${repo.owner.login}:${branch}.`,
        },
      ]);
    }
  }
  if (isAncestor(repo.objects, headSha, baseSha)) {
    throw validationFailed([
      { resource: 'PullRequest', code: 'custom', message: `No commits between ${input.base} and ${branch}` },
    ]);
  }
  const pull: PullRecord = {
    id: state.nextId(),
    number: repo.nextNumber(),
    title: input.title,
    body: input.body ?? null,
    state: 'open',
    draft: input.draft ?? false,
    user: actor,
    headRef: branch,
    headSha,
    baseRef: input.base,
    baseSha,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    mergedAt: null,
    mergedBy: null,
    mergeCommitSha: null,
    requestedReviewers: [],
    requestedTeams: [],
    labels: [],
    maintainerCanModify: input.maintainerCanModify ?? true,
  };
  repo.pulls.set(pull.number, pull);
  return pull;
}

export function requirePull(repo: Repository, number: number): PullRecord {
  const pull = repo.pulls.get(number);
  if (!pull) throw new ApiError(404, 'Not Found');
  return pull;
}

/** The test merge GitHub runs in the background to fill `mergeable`. */
export function testMerge(repo: Repository, pull: PullRecord): MergeOutcome {
  const baseSha = repo.branchSha(pull.baseRef);
  const headCommit = repo.objects.commit(pull.headSha);
  if (!baseSha || !headCommit) return { clean: false, conflicts: [] };
  if (isAncestor(repo.objects, baseSha, pull.headSha)) return { clean: true, tree: headCommit.tree };
  const ancestor = mergeBase(repo.objects, baseSha, pull.headSha);
  const baseCommit = repo.objects.commit(baseSha);
  const ancestorCommit = ancestor ? repo.objects.commit(ancestor) : undefined;
  if (!baseCommit || !ancestorCommit) return { clean: false, conflicts: [] };
  return mergeTrees(repo.objects, ancestorCommit.tree, baseCommit.tree, headCommit.tree);
}

/** Commits the PR brings in; against the pre-merge base once merged, so the count stays stable. */
export function pullCommits(repo: Repository, pull: PullRecord): string[] {
  return commitsBetween(repo.objects, pull.baseSha, pull.headSha);
}

export interface MergeOptions {
  method?: 'merge' | 'squash';
  commitTitle?: string;
  commitMessage?: string;
  deleteHeadBranch?: boolean;
}

export function mergePull(
  state: EmulatorState,
  repo: Repository,
  pull: PullRecord,
  by: Actor,
  options: MergeOptions = {},
): string {
  if (pull.state !== 'open') throw new ApiError(405, 'Pull Request is not mergeable');
  const baseSha = repo.branchSha(pull.baseRef);
  const outcome = testMerge(repo, pull);
  if (!baseSha || !outcome.clean) throw new ApiError(405, 'Pull Request is not mergeable');
  const now = state.now();
  const method = options.method ?? 'merge';
  const title =
    options.commitTitle ??
    (method === 'squash'
      ? `${pull.title} (#${pull.number})`
      : `Merge pull request #${pull.number} from ${repo.owner.login}/${pull.headRef}`);
  const body = options.commitMessage ?? (method === 'squash' ? squashBody(repo, pull) : pull.title);
  const sha = repo.objects.putCommit({
    tree: outcome.tree,
    parents: method === 'squash' ? [baseSha] : [baseSha, pull.headSha],
    author: personFor(method === 'squash' ? pull.user : by, now),
    committer: githubCommitter(now),
    message: body === '' ? title : `${title}\n\n${body}`,
  });
  // Record the pre-merge base before the ref moves: that is the `base.sha` GitHub keeps showing.
  pull.baseSha = baseSha;
  pull.state = 'closed';
  pull.closedAt = now;
  pull.mergedAt = now;
  pull.updatedAt = now;
  pull.mergedBy = by;
  pull.mergeCommitSha = sha;
  repo.setRef(`refs/heads/${pull.baseRef}`, sha, now);
  if (options.deleteHeadBranch) repo.deleteRef(`refs/heads/${pull.headRef}`, now);
  return sha;
}

function squashBody(repo: Repository, pull: PullRecord): string {
  return pullCommits(repo, pull)
    .map((sha) => `* ${repo.objects.commit(sha)?.message.trim() ?? sha}`)
    .join('\n\n');
}

export function setPullState(
  state: EmulatorState,
  repo: Repository,
  pull: PullRecord,
  target: 'open' | 'closed',
): void {
  if (pull.state === target) return;
  const now = state.now();
  if (target === 'closed') {
    pull.state = 'closed';
    pull.closedAt = now;
    pull.updatedAt = now;
    return;
  }
  if (pull.mergedAt)
    throw unprocessable('state cannot be changed. The pull request has already been merged.');
  const headSha = repo.branchSha(pull.headRef);
  if (!headSha) throw unprocessable('state cannot be changed. The head branch was deleted.');
  for (const other of repo.pulls.values()) {
    if (other.state === 'open' && other.headRef === pull.headRef && other.baseRef === pull.baseRef) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${repo.owner.login}:${pull.headRef}.`,
        },
      ]);
    }
  }
  pull.state = 'open';
  pull.headSha = headSha;
  pull.baseSha = repo.branchSha(pull.baseRef) ?? pull.baseSha;
  pull.closedAt = null;
  pull.updatedAt = now;
}

const NOT_COLLABORATOR = (repo: Repository): ApiError =>
  unprocessable(
    'Reviews may only be requested from collaborators. One or more of the users or teams you specified ' +
      `is not a collaborator of the ${repo.fullName} repository.`,
  );

export function requestReviewers(
  state: EmulatorState,
  repo: Repository,
  pull: PullRecord,
  logins: string[],
  teamSlugs: string[],
): void {
  if (logins.some((login) => login.toLowerCase() === pull.user.login.toLowerCase())) {
    throw unprocessable('Review cannot be requested from pull request author.');
  }
  const teams = teamSlugs.map((slug) => repo.teams.get(slug.toLowerCase()));
  if (logins.some((login) => !repo.collaborators.has(login.toLowerCase())) || teams.some((team) => !team)) {
    throw NOT_COLLABORATOR(repo);
  }
  for (const login of logins) {
    const user = state.user(login);
    if (!pull.requestedReviewers.some((existing) => existing.id === user.id))
      pull.requestedReviewers.push(user);
  }
  for (const team of teams) {
    if (team && !pull.requestedTeams.includes(team)) pull.requestedTeams.push(team);
  }
  pull.updatedAt = state.now();
}

export function removeRequestedReviewers(
  state: EmulatorState,
  pull: PullRecord,
  logins: string[],
  teamSlugs: string[],
): void {
  const users = new Set(logins.map((login) => login.toLowerCase()));
  const teams = new Set(teamSlugs.map((slug) => slug.toLowerCase()));
  pull.requestedReviewers = pull.requestedReviewers.filter((user) => !users.has(user.login.toLowerCase()));
  pull.requestedTeams = pull.requestedTeams.filter((team) => !teams.has(team.slug.toLowerCase()));
  pull.updatedAt = state.now();
}

export function submitReview(
  state: EmulatorState,
  repo: Repository,
  pull: PullRecord,
  reviewer: Actor,
  review: { state: ReviewState; body?: string },
): ReviewRecord {
  const isAuthor = reviewer.id === pull.user.id;
  if (isAuthor && review.state === 'APPROVED') throw unprocessable('Can not approve your own pull request');
  if (isAuthor && review.state === 'CHANGES_REQUESTED') {
    throw unprocessable('Can not request changes on your own pull request');
  }
  const now = state.now();
  const record: ReviewRecord = {
    id: state.nextId(),
    pullNumber: pull.number,
    user: reviewer,
    state: review.state,
    body: review.body ?? '',
    commitId: pull.headSha,
    submittedAt: now,
  };
  repo.reviews.push(record);
  // A submitted review satisfies that person's pending request.
  pull.requestedReviewers = pull.requestedReviewers.filter((user) => user.id !== reviewer.id);
  pull.updatedAt = now;
  return record;
}
