import { notFound } from '../errors.js';
import type { Route } from '../router.js';
import { repoView } from '../views-core.js';
import { branchView, repoCommitView } from '../views-git.js';
import { requireCommit } from './shared.js';

/** Repository metadata, branches and the repository commit view. */

export const repoRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}',
    docs: 'https://docs.github.com/rest/repos/repos#get-a-repository',
    handle: (ctx) => ({ status: 200, body: repoView(ctx.links, ctx.repo()) }),
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/branches/{branch+}',
    docs: 'https://docs.github.com/rest/branches/branches#get-a-branch',
    handle: (ctx) => {
      const repo = ctx.repo();
      const branch = ctx.params['branch']!;
      const sha = repo.branchSha(branch);
      const commit = sha ? repo.objects.commit(sha) : undefined;
      if (!sha || !commit) throw notFound('Branch not found');
      return { status: 200, body: branchView(ctx.links, ctx.state, repo, branch, sha, commit) };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/commits/{ref+}',
    docs: 'https://docs.github.com/rest/commits/commits#get-a-commit',
    handle: (ctx) => {
      const repo = ctx.repo();
      const sha = requireCommit(repo, ctx.params['ref']!);
      const commit = repo.objects.commit(sha)!;
      return { status: 200, body: repoCommitView(ctx.links, ctx.state, repo, sha, commit, true) };
    },
  },
];
