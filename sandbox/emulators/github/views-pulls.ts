import { changeStats } from './diff-stats.js';
import { mergeBase } from './history.js';
import { pullCommits, testMerge } from './pull-ops.js';
import type { CommentRecord, PullRecord, Repository, ReviewRecord } from './repo-store.js';
import { diffTrees } from './tree-ops.js';
import {
  authorAssociation,
  iso,
  isoOrNull,
  type Links,
  labelView,
  nodeId,
  repoView,
  teamView,
  userView,
} from './views-core.js';

/** Pull requests, reviews and issue comments. */

function branchEnd(links: Links, repo: Repository, ref: string, sha: string): Record<string, unknown> {
  return {
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: userView(links, repo.owner),
    repo: repoView(links, repo),
  };
}

function mergeability(repo: Repository, pull: PullRecord): { mergeable: boolean | null; state: string } {
  if (pull.state !== 'open') return { mergeable: null, state: 'unknown' };
  if (!testMerge(repo, pull).clean) return { mergeable: false, state: 'dirty' };
  if (pull.draft) return { mergeable: true, state: 'draft' };
  const failing = repo.checkRuns.some(
    (run) =>
      run.headSha === pull.headSha &&
      run.status === 'completed' &&
      ['failure', 'timed_out', 'cancelled', 'action_required'].includes(run.conclusion ?? ''),
  );
  const statusFailing = repo.statuses.some(
    (status) => status.sha === pull.headSha && (status.state === 'failure' || status.state === 'error'),
  );
  return { mergeable: true, state: failing || statusFailing ? 'unstable' : 'clean' };
}

function diffStats(
  repo: Repository,
  pull: PullRecord,
): { additions: number; deletions: number; files: number } {
  const ancestor = mergeBase(repo.objects, pull.baseSha, pull.headSha);
  const before = ancestor ? repo.objects.commit(ancestor)?.tree : undefined;
  const after = repo.objects.commit(pull.headSha)?.tree;
  if (!after) return { additions: 0, deletions: 0, files: 0 };
  let additions = 0;
  let deletions = 0;
  const changes = diffTrees(repo.objects, before, after);
  for (const change of changes) {
    const stats = changeStats(repo.objects, change);
    additions += stats.additions;
    deletions += stats.deletions;
  }
  return { additions, deletions, files: changes.length };
}

/**
 * `detailed` is the single-PR shape (GET/POST/PATCH one pull). The list endpoint, like GitHub's,
 * omits `merged`, `mergeable`, counts and diff stats, so code that reads them from a list breaks
 * here just as it would against GitHub.
 */
export function pullView(
  links: Links,
  repo: Repository,
  pull: PullRecord,
  detailed: boolean,
): Record<string, unknown> {
  const url = `${links.api}/repos/${repo.fullName}/pulls/${pull.number}`;
  const issueUrl = `${links.api}/repos/${repo.fullName}/issues/${pull.number}`;
  const htmlUrl = `${links.html}/${repo.fullName}/pull/${pull.number}`;
  const view: Record<string, unknown> = {
    url,
    id: pull.id,
    node_id: nodeId('PR', pull.id),
    html_url: htmlUrl,
    diff_url: `${htmlUrl}.diff`,
    patch_url: `${htmlUrl}.patch`,
    issue_url: issueUrl,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    comments_url: `${issueUrl}/comments`,
    statuses_url: `${links.api}/repos/${repo.fullName}/statuses/${pull.headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userView(links, pull.user),
    body: pull.body,
    labels: pull.labels.flatMap((name) => {
      const label = repo.label(name);
      return label ? [labelView(links, repo, label)] : [];
    }),
    milestone: null,
    active_lock_reason: null,
    created_at: iso(pull.createdAt),
    updated_at: iso(pull.updatedAt),
    closed_at: isoOrNull(pull.closedAt),
    merged_at: isoOrNull(pull.mergedAt),
    merge_commit_sha: pull.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: pull.requestedReviewers.map((user) => userView(links, user)),
    requested_teams: pull.requestedTeams.map((team) => teamView(links, repo, team)),
    head: branchEnd(links, repo, pull.headRef, pull.headSha),
    base: branchEnd(links, repo, pull.baseRef, pull.baseSha),
    _links: {
      self: { href: url },
      html: { href: htmlUrl },
      issue: { href: issueUrl },
      comments: { href: `${issueUrl}/comments` },
      review_comments: { href: `${url}/comments` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${links.api}/repos/${repo.fullName}/statuses/${pull.headSha}` },
    },
    author_association: authorAssociation(repo, pull.user),
    auto_merge: null,
    draft: pull.draft,
  };
  if (!detailed) return view;
  const merge = mergeability(repo, pull);
  const stats = diffStats(repo, pull);
  return {
    ...view,
    merged: pull.mergedAt !== null,
    mergeable: merge.mergeable,
    rebaseable: merge.mergeable,
    mergeable_state: merge.state,
    merged_by: pull.mergedBy ? userView(links, pull.mergedBy) : null,
    comments: repo.comments.filter((comment) => comment.issueNumber === pull.number).length,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: pullCommits(repo, pull).length,
    additions: stats.additions,
    deletions: stats.deletions,
    changed_files: stats.files,
  };
}

export function reviewView(links: Links, repo: Repository, review: ReviewRecord): Record<string, unknown> {
  const pullUrl = `${links.api}/repos/${repo.fullName}/pulls/${review.pullNumber}`;
  const htmlUrl = `${links.html}/${repo.fullName}/pull/${review.pullNumber}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: nodeId('PRR', review.id),
    user: userView(links, review.user),
    body: review.body,
    state: review.state,
    html_url: htmlUrl,
    pull_request_url: pullUrl,
    author_association: authorAssociation(repo, review.user),
    _links: { html: { href: htmlUrl }, pull_request: { href: pullUrl } },
    submitted_at: iso(review.submittedAt),
    commit_id: review.commitId,
  };
}

export function commentView(links: Links, repo: Repository, comment: CommentRecord): Record<string, unknown> {
  return {
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    url: `${links.api}/repos/${repo.fullName}/issues/comments/${comment.id}`,
    html_url: `${links.html}/${repo.fullName}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${links.api}/repos/${repo.fullName}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userView(links, comment.user),
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
    author_association: authorAssociation(repo, comment.user),
    performed_via_github_app: null,
  };
}
