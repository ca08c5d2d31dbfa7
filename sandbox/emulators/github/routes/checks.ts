import { z } from 'zod';
import { unprocessable } from '../errors.js';
import { paginate } from '../pagination.js';
import type { CheckRunRecord, Repository, StatusRecord } from '../repo-store.js';
import type { Route } from '../router.js';
import { parseBody } from '../validation.js';
import { checkRunView, combinedStatusView, statusView } from '../views-checks.js';
import { requireCommit, SHA_PATTERN } from './shared.js';

/** Check runs and commit statuses as CI reports them for a commit. */

const CHECK_DOCS = 'https://docs.github.com/rest/checks/runs';
const STATUS_DOCS = 'https://docs.github.com/rest/commits/statuses';

function runsFor(repo: Repository, sha: string, latestOnly: boolean): CheckRunRecord[] {
  const runs = repo.checkRuns.filter((run) => run.headSha === sha);
  if (!latestOnly) return runs;
  const latest = new Map<string, CheckRunRecord>();
  for (const run of runs) latest.set(run.name, run);
  return [...latest.values()];
}

const statusBody = z.object({
  state: z.enum(['error', 'failure', 'pending', 'success']),
  target_url: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  context: z.string().optional(),
});

export const checkRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/commits/{ref+}/check-runs',
    docs: `${CHECK_DOCS}#list-check-runs-for-a-git-reference`,
    handle: (ctx) => {
      const repo = ctx.repo();
      const sha = requireCommit(repo, ctx.params['ref']!);
      const name = ctx.query.get('check_name');
      const status = ctx.query.get('status');
      const runs = runsFor(repo, sha, ctx.query.get('filter') !== 'all')
        .filter((run) => (name ? run.name === name : true))
        .filter((run) => (status ? run.status === status : true))
        .sort((a, b) => b.id - a.id);
      const { page, headers } = paginate(runs, ctx.query, ctx.selfUrl);
      const pulls = [...repo.pulls.values()].filter((pull) => pull.state === 'open' && pull.headSha === sha);
      return {
        status: 200,
        headers,
        body: {
          total_count: runs.length,
          check_runs: page.map((run) => checkRunView(ctx.links, repo, run, pulls)),
        },
      };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/commits/{ref+}/status',
    docs: `${STATUS_DOCS}#get-the-combined-status-for-a-specific-reference`,
    handle: (ctx) => {
      const repo = ctx.repo();
      const sha = requireCommit(repo, ctx.params['ref']!);
      return { status: 200, body: combinedStatusView(ctx.links, repo, sha, repo.latestStatuses(sha)) };
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/statuses/{sha}',
    docs: `${STATUS_DOCS}#create-a-commit-status`,
    createsContent: true,
    handle: (ctx) => {
      const repo = ctx.repo();
      const sha = ctx.params['sha']!.toLowerCase();
      const body = parseBody(statusBody, ctx.body);
      if (!SHA_PATTERN.test(sha) || repo.objects.typeOf(sha) !== 'commit') {
        throw unprocessable(`No commit found for SHA: ${ctx.params['sha']}`);
      }
      const now = ctx.state.now();
      const status: StatusRecord = {
        id: ctx.state.nextId(),
        sha,
        context: body.context ?? 'default',
        state: body.state,
        description: body.description ?? null,
        targetUrl: body.target_url ?? null,
        creator: ctx.actor,
        createdAt: now,
        updatedAt: now,
      };
      repo.statuses.push(status);
      return { status: 201, body: statusView(ctx.links, repo, status) };
    },
  },
];
