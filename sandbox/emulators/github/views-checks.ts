import type { CheckRunRecord, PullRecord, Repository, StatusRecord, StatusState } from './repo-store.js';
import { iso, isoOrNull, type Links, nodeId, repoView, userView } from './views-core.js';

/** Check runs (Checks API) and commit statuses (Statuses API). */

/** The app every emulated check run claims to come from. */
const CHECKS_APP = { id: 15368, slug: 'github-actions', name: 'GitHub Actions' };

export function checkRunView(
  links: Links,
  repo: Repository,
  run: CheckRunRecord,
  pulls: PullRecord[],
): Record<string, unknown> {
  const url = `${links.api}/repos/${repo.fullName}/check-runs/${run.id}`;
  return {
    id: run.id,
    node_id: nodeId('CR', run.id),
    head_sha: run.headSha,
    external_id: '',
    url,
    html_url: `${links.html}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: iso(run.startedAt),
    completed_at: isoOrNull(run.completedAt),
    output: {
      ...run.output,
      annotations_count: 0,
      annotations_url: `${url}/annotations`,
    },
    name: run.name,
    check_suite: { id: run.id },
    app: {
      ...CHECKS_APP,
      node_id: nodeId('A', CHECKS_APP.id),
      owner: null,
      html_url: `${links.html}/apps/github-actions`,
    },
    pull_requests: pulls.map((pull) => ({
      url: `${links.api}/repos/${repo.fullName}/pulls/${pull.number}`,
      id: pull.id,
      number: pull.number,
      head: {
        ref: pull.headRef,
        sha: pull.headSha,
        repo: { id: repo.id, url: `${links.api}/repos/${repo.fullName}`, name: repo.name },
      },
      base: {
        ref: pull.baseRef,
        sha: pull.baseSha,
        repo: { id: repo.id, url: `${links.api}/repos/${repo.fullName}`, name: repo.name },
      },
    })),
  };
}

export function statusView(links: Links, repo: Repository, status: StatusRecord): Record<string, unknown> {
  return {
    url: `${links.api}/repos/${repo.fullName}/statuses/${status.sha}`,
    avatar_url: null,
    id: status.id,
    node_id: nodeId('SC', status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: iso(status.createdAt),
    updated_at: iso(status.updatedAt),
    creator: userView(links, status.creator),
  };
}

/** GitHub's roll-up: any error/failure wins, then any pending (or nothing reported), else success. */
export function combinedState(statuses: StatusRecord[]): StatusState {
  if (statuses.some((status) => status.state === 'error' || status.state === 'failure')) return 'failure';
  if (statuses.length === 0 || statuses.some((status) => status.state === 'pending')) return 'pending';
  return 'success';
}

export function combinedStatusView(
  links: Links,
  repo: Repository,
  sha: string,
  statuses: StatusRecord[],
): Record<string, unknown> {
  return {
    state: combinedState(statuses),
    statuses: statuses.map((status) => statusView(links, repo, status)),
    sha,
    total_count: statuses.length,
    repository: repoView(links, repo),
    commit_url: `${links.api}/repos/${repo.fullName}/commits/${sha}`,
    url: `${links.api}/repos/${repo.fullName}/commits/${sha}/status`,
  };
}
