import { z } from 'zod';
import { notFound, unprocessable } from '../errors.js';
import { entryType, type GitMode } from '../git-objects.js';
import type { Repository } from '../repo-store.js';
import type { Route } from '../router.js';
import {
  buildTree,
  type FlatTree,
  flattenTree,
  isValidPath,
  listTree,
  PathConflictError,
  removePath,
  setLeaf,
  setSubtree,
} from '../tree-ops.js';
import { parseBody } from '../validation.js';
import { blobView, gitCommitView, treeView } from '../views-git.js';
import { commitIdentities, personInput, requireNotEmpty, SHA_PATTERN } from './shared.js';

/** Git objects: blobs, trees and commits, created and read by SHA. */

const BLOB_DOCS = 'https://docs.github.com/rest/git/blobs';
const TREE_DOCS = 'https://docs.github.com/rest/git/trees';
const COMMIT_DOCS = 'https://docs.github.com/rest/git/commits';

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** Decodes a client payload; GitHub rejects malformed base64 instead of guessing. */
export function decodeContent(content: string, encoding: 'utf-8' | 'utf8' | 'base64', what: string): Buffer {
  if (encoding !== 'base64') return Buffer.from(content, 'utf8');
  if (!BASE64.test(content)) throw unprocessable(`${what} is not valid Base64`);
  return Buffer.from(content, 'base64');
}

const blobBody = z.object({
  content: z.string(),
  encoding: z.enum(['utf-8', 'utf8', 'base64']).optional(),
});

const treeItem = z.object({
  path: z.string(),
  mode: z.enum(['100644', '100755', '040000', '160000', '120000']),
  type: z.enum(['blob', 'tree', 'commit']),
  sha: z.string().nullable().optional(),
  content: z.string().optional(),
});

const treeBody = z.object({
  tree: z.array(treeItem),
  base_tree: z.string().optional(),
});

const commitBody = z.object({
  message: z.string(),
  tree: z.string(),
  parents: z.array(z.string()).optional(),
  author: personInput.optional(),
  committer: personInput.optional(),
  signature: z.string().optional(),
});

function gitMode(apiMode: z.infer<typeof treeItem>['mode']): GitMode {
  return apiMode === '040000' ? '40000' : apiMode;
}

function applyTreeItem(repo: Repository, flat: FlatTree, item: z.infer<typeof treeItem>): void {
  if (!isValidPath(item.path)) throw unprocessable('tree.path contains a malformed path component');
  const mode = gitMode(item.mode);
  if (entryType(mode) !== item.type)
    throw unprocessable(`tree.mode ${item.mode} does not match tree.type ${item.type}`);
  const hasSha = item.sha !== undefined && item.sha !== null;
  if (hasSha && item.content !== undefined)
    throw unprocessable('Must supply either tree.sha or tree.content, not both');
  if (item.sha === null) {
    removePath(flat, item.path);
    return;
  }
  if (item.content !== undefined) {
    if (item.type !== 'blob') throw unprocessable('tree.content can only be used for blobs');
    setLeaf(flat, item.path, { mode, sha: repo.objects.putBlob(Buffer.from(item.content, 'utf8')) });
    return;
  }
  if (!hasSha) throw unprocessable('Must supply either tree.sha or tree.content');
  const sha = item.sha!.toLowerCase();
  if (item.type === 'commit') {
    // A gitlink names a commit in another repository, so only its shape can be checked.
    if (!SHA_PATTERN.test(sha)) throw unprocessable(`tree.sha ${item.sha} is not a valid commit`);
    setLeaf(flat, item.path, { mode, sha });
  } else if (item.type === 'tree') {
    if (repo.objects.typeOf(sha) !== 'tree') throw unprocessable(`tree.sha ${item.sha} is not a valid tree`);
    setSubtree(repo.objects, flat, item.path, sha);
  } else {
    if (repo.objects.typeOf(sha) !== 'blob') throw unprocessable(`tree.sha ${item.sha} is not a valid blob`);
    setLeaf(flat, item.path, { mode, sha });
  }
}

export const gitDataRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/git/blobs',
    docs: `${BLOB_DOCS}#create-a-blob`,
    createsContent: true,
    handle: (ctx) => {
      const repo = ctx.repo();
      requireNotEmpty(repo);
      const body = parseBody(blobBody, ctx.body);
      const sha = repo.objects.putBlob(decodeContent(body.content, body.encoding ?? 'utf-8', 'content'));
      const url = `${ctx.links.api}/repos/${repo.fullName}/git/blobs/${sha}`;
      return { status: 201, body: { url, sha }, headers: { location: url } };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/git/blobs/{sha}',
    docs: `${BLOB_DOCS}#get-a-blob`,
    handle: (ctx) => {
      const repo = ctx.repo();
      const sha = ctx.params['sha']!.toLowerCase();
      const content = repo.objects.blob(sha);
      if (!content) throw notFound();
      return { status: 200, body: blobView(ctx.links, repo, sha, content) };
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/git/trees',
    docs: `${TREE_DOCS}#create-a-tree`,
    createsContent: true,
    handle: (ctx) => {
      const repo = ctx.repo();
      requireNotEmpty(repo);
      const body = parseBody(treeBody, ctx.body);
      let flat: FlatTree = new Map();
      if (body.base_tree !== undefined) {
        const base = body.base_tree.toLowerCase();
        if (repo.objects.typeOf(base) !== 'tree') throw unprocessable('base_tree is not a valid tree oid');
        flat = flattenTree(repo.objects, base);
      }
      for (const item of body.tree) applyTreeItem(repo, flat, item);
      let sha: string;
      try {
        sha = buildTree(repo.objects, flat);
      } catch (error) {
        if (error instanceof PathConflictError) {
          throw unprocessable(`tree.path ${error.path} is used both as a file and as a directory`);
        }
        throw error;
      }
      const view = treeView(ctx.links, repo, sha, listTree(repo.objects, sha, false));
      return { status: 201, body: view, headers: { location: String(view['url']) } };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/git/trees/{tree_sha+}',
    docs: `${TREE_DOCS}#get-a-tree`,
    handle: (ctx) => {
      const repo = ctx.repo();
      const wanted = ctx.params['tree_sha']!;
      // Like GitHub, accept a tree SHA or anything naming a commit (SHA, branch, tag).
      let sha = repo.objects.typeOf(wanted.toLowerCase()) === 'tree' ? wanted.toLowerCase() : undefined;
      if (!sha) {
        const commit = repo.resolveCommitish(wanted);
        sha = commit ? repo.objects.commit(commit)?.tree : undefined;
      }
      if (!sha) throw notFound();
      // GitHub treats any value of `recursive` (even "0" or "false") as on.
      const entries = listTree(repo.objects, sha, ctx.query.has('recursive'));
      return { status: 200, body: treeView(ctx.links, repo, sha, entries) };
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/git/commits',
    docs: `${COMMIT_DOCS}#create-a-commit`,
    createsContent: true,
    handle: (ctx) => {
      const repo = ctx.repo();
      const body = parseBody(commitBody, ctx.body);
      const tree = body.tree.toLowerCase();
      if (repo.objects.typeOf(tree) !== 'tree') throw unprocessable('Tree SHA does not exist');
      const parents = (body.parents ?? []).map((parent) => parent.toLowerCase());
      for (const parent of parents) {
        if (repo.objects.typeOf(parent) !== 'commit') {
          throw unprocessable('Parent SHA does not exist or is not a commit object');
        }
      }
      const identities = commitIdentities(ctx.actor, ctx.state.now(), body.author, body.committer);
      const sha = repo.objects.putCommit({
        tree,
        parents,
        ...identities,
        message: body.message,
        ...(body.signature !== undefined ? { signature: body.signature } : {}),
      });
      const view = gitCommitView(ctx.links, repo, sha, repo.objects.commit(sha)!);
      return { status: 201, body: view, headers: { location: String(view['url']) } };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/git/commits/{sha}',
    docs: `${COMMIT_DOCS}#get-a-commit-object`,
    handle: (ctx) => {
      const repo = ctx.repo();
      const sha = ctx.params['sha']!.toLowerCase();
      const commit = repo.objects.commit(sha);
      if (!commit) throw notFound();
      return { status: 200, body: gitCommitView(ctx.links, repo, sha, commit) };
    },
  },
];
