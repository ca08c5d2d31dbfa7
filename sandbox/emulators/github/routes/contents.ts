import { z } from 'zod';
import { conflict, notFound, unprocessable } from '../errors.js';
import { personFor, type Repository } from '../repo-store.js';
import type { Route, RouteContext, RouteResponse } from '../router.js';
import {
  buildTree,
  type FlatTree,
  flattenTree,
  isValidPath,
  listTree,
  lookupPath,
  setLeaf,
} from '../tree-ops.js';
import { parseBody } from '../validation.js';
import { contentView, gitCommitView } from '../views-git.js';
import { decodeContent } from './git-data.js';
import { personInput, toPerson } from './shared.js';

/** The contents API: read a file or directory at a ref, and the one-file-per-commit write. */

const DOCS = 'https://docs.github.com/rest/repos/contents';

/** Above this GitHub stops inlining file bodies (`encoding: "none"`, empty `content`). */
const INLINE_LIMIT = 1024 * 1024;

function wantsRaw(ctx: RouteContext): boolean {
  const accept = String(ctx.headers['accept'] ?? '');
  return /application\/vnd\.github(\.v3)?\.raw/.test(accept);
}

function getContents(ctx: RouteContext, path: string): RouteResponse {
  const repo = ctx.repo();
  if (repo.isEmpty()) throw notFound('This repository is empty.');
  const ref = ctx.query.get('ref') || repo.defaultBranch;
  const sha = repo.resolveCommitish(ref);
  if (!sha) throw notFound(`No commit found for the ref ${ref}`);
  const tree = repo.objects.commit(sha)!.tree;
  const entry = lookupPath(repo.objects, tree, path);
  if (!entry) throw notFound();
  if (entry.type === 'tree') {
    const children = listTree(repo.objects, entry.sha, false, entry.path);
    return { status: 200, body: children.map((child) => contentView(ctx.links, repo, ref, child)) };
  }
  if (entry.type === 'commit') return { status: 200, body: contentView(ctx.links, repo, ref, entry) };
  const content = repo.objects.blob(entry.sha)!;
  if (wantsRaw(ctx)) return { status: 200, raw: { contentType: 'text/plain; charset=utf-8', data: content } };
  if (content.length > INLINE_LIMIT) {
    return {
      status: 200,
      body: { ...contentView(ctx.links, repo, ref, entry, Buffer.alloc(0)), encoding: 'none', content: '' },
    };
  }
  return { status: 200, body: contentView(ctx.links, repo, ref, entry, content) };
}

const putBody = z.object({
  message: z.string(),
  content: z.string(),
  sha: z.string().optional(),
  branch: z.string().optional(),
  committer: personInput.optional(),
  author: personInput.optional(),
});

function branchTip(repo: Repository, branch: string): string | undefined {
  const tip = repo.branchSha(branch);
  if (!tip && !repo.isEmpty()) throw notFound(`Branch ${branch} not found`);
  return tip;
}

function putContents(ctx: RouteContext): RouteResponse {
  const repo = ctx.repo();
  const path = ctx.params['path']!;
  const body = parseBody(putBody, ctx.body);
  if (!isValidPath(path)) throw unprocessable('path contains a malformed path component');
  const content = decodeContent(body.content, 'base64', 'content');
  const branch = body.branch ?? repo.defaultBranch;
  // An empty repository has no branch yet: the first write creates it with a root commit.
  const tip = branchTip(repo, branch);
  const tipCommit = tip ? repo.objects.commit(tip) : undefined;
  const existing = tipCommit ? lookupPath(repo.objects, tipCommit.tree, path) : undefined;
  if (existing?.type === 'tree') throw unprocessable(`${path} is a directory`);
  if (existing && body.sha === undefined) throw unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.');
  if (body.sha !== undefined && body.sha.toLowerCase() !== existing?.sha) {
    throw conflict(`${path} does not match ${body.sha}`);
  }
  const flat: FlatTree = tipCommit ? flattenTree(repo.objects, tipCommit.tree) : new Map();
  const blob = repo.objects.putBlob(content);
  setLeaf(flat, path, { mode: existing?.mode ?? '100644', sha: blob });
  const now = ctx.state.now();
  // Contents-API defaults run the other way from git data: committer first, author follows it.
  const committer = toPerson('committer', body.committer, personFor(ctx.actor, now));
  const author = toPerson('author', body.author, committer);
  const commitSha = repo.objects.putCommit({
    tree: buildTree(repo.objects, flat),
    parents: tip ? [tip] : [],
    author,
    committer,
    message: body.message,
  });
  repo.setRef(`refs/heads/${branch}`, commitSha, now);
  const entry = { path, mode: existing?.mode ?? ('100644' as const), type: 'blob' as const, sha: blob };
  return {
    status: existing ? 200 : 201,
    body: {
      content: contentView(ctx.links, repo, branch, entry),
      commit: gitCommitView(ctx.links, repo, commitSha, repo.objects.commit(commitSha)!),
    },
  };
}

export const contentRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/contents',
    docs: `${DOCS}#get-repository-content`,
    handle: (ctx) => getContents(ctx, ''),
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/contents/{path+}',
    docs: `${DOCS}#get-repository-content`,
    handle: (ctx) => getContents(ctx, ctx.params['path']!),
  },
  {
    method: 'PUT',
    pattern: '/repos/{owner}/{repo}/contents/{path+}',
    docs: `${DOCS}#create-or-update-file-contents`,
    createsContent: true,
    handle: putContents,
  },
];
