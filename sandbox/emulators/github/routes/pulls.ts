import { z } from 'zod';
import { notFound, validationFailed } from '../errors.js';
import { paginate } from '../pagination.js';
import { createPull, pullCommits, requirePull, setPullState } from '../pull-ops.js';
import type { PullRecord, Repository } from '../repo-store.js';
import type { Route, RouteContext } from '../router.js';
import { parseBody } from '../validation.js';
import { repoCommitView } from '../views-git.js';
import { pullView } from '../views-pulls.js';

/** Pull requests: open, read, list with filters, edit (title/body/state/base) and list commits. */

const DOCS = 'https://docs.github.com/rest/pulls/pulls';

/** `{pull_number}` that isn't a positive integer names nothing: GitHub answers 404. */
export function pullFrom(ctx: RouteContext): { repo: Repository; pull: PullRecord } {
  const repo = ctx.repo();
  const raw = ctx.params['pull_number'] ?? ctx.params['issue_number'] ?? '';
  if (!/^\d+$/.test(raw)) throw notFound();
  return { repo, pull: requirePull(repo, Number(raw)) };
}

const createBody = z.object({
  title: z.string().optional(),
  head: z.string(),
  base: z.string(),
  body: z.string().nullable().optional(),
  draft: z.boolean().optional(),
  maintainer_can_modify: z.boolean().optional(),
});

const updateBody = z.object({
  title: z.string().optional(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']).optional(),
  base: z.string().optional(),
  maintainer_can_modify: z.boolean().optional(),
});

const listQuery = z.object({
  state: z.enum(['open', 'closed', 'all']).default('open'),
  sort: z.enum(['created', 'updated', 'popularity', 'long-running']).default('created'),
  direction: z.enum(['asc', 'desc']).optional(),
});

function listPulls(ctx: RouteContext) {
  const repo = ctx.repo();
  const query = parseBody(listQuery, {
    state: ctx.query.get('state') ?? undefined,
    sort: ctx.query.get('sort') ?? undefined,
    direction: ctx.query.get('direction') ?? undefined,
  });
  const head = ctx.query.get('head');
  const base = ctx.query.get('base');
  let pulls = [...repo.pulls.values()].filter((pull) => query.state === 'all' || pull.state === query.state);
  // GitHub only applies `head` in its `owner:branch` form; a bare branch name filters nothing.
  if (head?.includes(':')) {
    const [owner, branch] = [head.slice(0, head.indexOf(':')), head.slice(head.indexOf(':') + 1)];
    pulls = pulls.filter(
      (pull) => owner.toLowerCase() === repo.owner.login.toLowerCase() && pull.headRef === branch,
    );
  }
  if (base) pulls = pulls.filter((pull) => pull.baseRef === base);
  const key = (pull: PullRecord): number =>
    query.sort === 'updated'
      ? pull.updatedAt.getTime()
      : query.sort === 'created'
        ? pull.createdAt.getTime()
        : pull.number;
  // Default direction is desc, except for long-running (oldest first), as documented.
  const direction = query.direction ?? (query.sort === 'long-running' ? 'asc' : 'desc');
  pulls.sort((a, b) => (key(a) - key(b) || a.number - b.number) * (direction === 'asc' ? 1 : -1));
  const { page, headers } = paginate(pulls, ctx.query, ctx.selfUrl);
  return {
    status: 200,
    headers,
    body: page.map((pull) => pullView(ctx.links, repo, pull, false)),
  };
}

export const pullRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/pulls',
    docs: `${DOCS}#create-a-pull-request`,
    createsContent: true,
    handle: (ctx) => {
      const repo = ctx.repo();
      const body = parseBody(createBody, ctx.body);
      if (body.title === undefined || body.title.trim() === '') {
        throw validationFailed([{ resource: 'PullRequest', code: 'missing_field', field: 'title' }]);
      }
      const pull = createPull(ctx.state, repo, ctx.actor, {
        title: body.title,
        head: body.head,
        base: body.base,
        body: body.body ?? null,
        ...(body.draft !== undefined ? { draft: body.draft } : {}),
        ...(body.maintainer_can_modify !== undefined
          ? { maintainerCanModify: body.maintainer_can_modify }
          : {}),
      });
      const view = pullView(ctx.links, repo, pull, true);
      return { status: 201, body: view, headers: { location: String(view['url']) } };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/pulls',
    docs: `${DOCS}#list-pull-requests`,
    handle: listPulls,
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/pulls/{pull_number}',
    docs: `${DOCS}#get-a-pull-request`,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      return { status: 200, body: pullView(ctx.links, repo, pull, true) };
    },
  },
  {
    method: 'PATCH',
    pattern: '/repos/{owner}/{repo}/pulls/{pull_number}',
    docs: `${DOCS}#update-a-pull-request`,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      const body = parseBody(updateBody, ctx.body);
      if (body.base !== undefined) {
        const baseSha = repo.branchSha(body.base);
        if (!baseSha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
        pull.baseRef = body.base;
        if (pull.state === 'open') pull.baseSha = baseSha;
      }
      if (body.state !== undefined) setPullState(ctx.state, repo, pull, body.state);
      if (body.title !== undefined) pull.title = body.title;
      if (body.body !== undefined) pull.body = body.body;
      if (body.maintainer_can_modify !== undefined) pull.maintainerCanModify = body.maintainer_can_modify;
      pull.updatedAt = ctx.state.now();
      return { status: 200, body: pullView(ctx.links, repo, pull, true) };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/pulls/{pull_number}/commits',
    docs: `${DOCS}#list-commits-on-a-pull-request`,
    handle: (ctx) => {
      const { repo, pull } = pullFrom(ctx);
      const views = pullCommits(repo, pull).map((sha) =>
        repoCommitView(ctx.links, ctx.state, repo, sha, repo.objects.commit(sha)!, false),
      );
      const { page, headers } = paginate(views, ctx.query, ctx.selfUrl);
      return { status: 200, headers, body: page };
    },
  },
];
