import { z } from 'zod';
import { notFound, unprocessable } from '../errors.js';
import { isAncestor } from '../history.js';
import type { Repository } from '../repo-store.js';
import type { Route, RouteContext } from '../router.js';
import { parseBody } from '../validation.js';
import { refView } from '../views-git.js';
import { requireNotEmpty, SHA_PATTERN } from './shared.js';

/** Git references: read, list by prefix, create, move (fast-forward or forced) and delete. */

const DOCS = 'https://docs.github.com/rest/git/refs';

/** `git check-ref-format`, which GitHub enforces on ref names. */
export function isValidRefName(name: string): boolean {
  if (name.endsWith('/') || name.endsWith('.lock') || name.endsWith('.') || name === '@') return false;
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return false;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((part) => part !== '' && !part.startsWith('.'));
}

/** The `{ref}` path parameter is written without `refs/`; tolerate clients that include it. */
function qualified(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

function sortedRefs(repo: Repository, prefix: string): Array<[string, string]> {
  return [...repo.refs.entries()]
    .filter(([name]) => name.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

function listMatching(ctx: RouteContext, ref: string) {
  const repo = ctx.repo();
  requireNotEmpty(repo);
  const refs = sortedRefs(repo, qualified(ref));
  return { status: 200, body: refs.map(([name, sha]) => refView(ctx.links, repo, name, sha)) };
}

/** Only commits may sit under refs/heads; other namespaces (tags, notes) may name any object. */
function requireTarget(repo: Repository, name: string, sha: string): void {
  const type = SHA_PATTERN.test(sha) ? repo.objects.typeOf(sha) : undefined;
  if (!type || (name.startsWith('refs/heads/') && type !== 'commit'))
    throw unprocessable('Object does not exist');
}

const createBody = z.object({ ref: z.string(), sha: z.string() });
const updateBody = z.object({ sha: z.string(), force: z.boolean().optional() });

export const gitRefRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/git/ref/{ref+}',
    docs: `${DOCS}#get-a-reference`,
    handle: (ctx) => {
      const repo = ctx.repo();
      requireNotEmpty(repo);
      const name = `refs/${ctx.params['ref']}`;
      const sha = repo.refs.get(name);
      if (!sha) throw notFound();
      return { status: 200, body: refView(ctx.links, repo, name, sha) };
    },
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/git/matching-refs/{ref+}',
    docs: `${DOCS}#list-matching-references`,
    handle: (ctx) => listMatching(ctx, ctx.params['ref']!),
  },
  {
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/git/matching-refs',
    docs: `${DOCS}#list-matching-references`,
    handle: (ctx) => listMatching(ctx, ''),
  },
  {
    // The older endpoint: an exact match returns one ref, a prefix returns a list.
    method: 'GET',
    pattern: '/repos/{owner}/{repo}/git/refs/{ref+}',
    docs: `${DOCS}#get-a-reference`,
    handle: (ctx) => {
      const repo = ctx.repo();
      requireNotEmpty(repo);
      const name = qualified(ctx.params['ref']!);
      const exact = repo.refs.get(name);
      if (exact) return { status: 200, body: refView(ctx.links, repo, name, exact) };
      const refs = sortedRefs(repo, `${name}/`);
      if (refs.length === 0) throw notFound();
      return { status: 200, body: refs.map(([ref, sha]) => refView(ctx.links, repo, ref, sha)) };
    },
  },
  {
    method: 'POST',
    pattern: '/repos/{owner}/{repo}/git/refs',
    docs: `${DOCS}#create-a-reference`,
    createsContent: true,
    handle: (ctx) => {
      const repo = ctx.repo();
      requireNotEmpty(repo);
      const body = parseBody(createBody, ctx.body);
      if (!body.ref.startsWith('refs/') || body.ref.split('/').length < 3) {
        throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
      }
      if (!isValidRefName(body.ref)) throw unprocessable(`${body.ref} is not a valid ref name.`);
      requireTarget(repo, body.ref, body.sha);
      if (repo.refs.has(body.ref)) throw unprocessable('Reference already exists');
      repo.setRef(body.ref, body.sha, ctx.state.now());
      const view = refView(ctx.links, repo, body.ref, body.sha);
      return { status: 201, body: view, headers: { location: String(view['url']) } };
    },
  },
  {
    method: 'PATCH',
    pattern: '/repos/{owner}/{repo}/git/refs/{ref+}',
    docs: `${DOCS}#update-a-reference`,
    handle: (ctx) => {
      const repo = ctx.repo();
      const body = parseBody(updateBody, ctx.body);
      const name = qualified(ctx.params['ref']!);
      const current = repo.refs.get(name);
      if (!current) throw unprocessable('Reference does not exist');
      requireTarget(repo, name, body.sha);
      const isCommitRef =
        repo.objects.typeOf(current) === 'commit' && repo.objects.typeOf(body.sha) === 'commit';
      if (!body.force && (!isCommitRef || !isAncestor(repo.objects, current, body.sha))) {
        throw unprocessable('Update is not a fast forward');
      }
      repo.setRef(name, body.sha, ctx.state.now());
      return { status: 200, body: refView(ctx.links, repo, name, body.sha) };
    },
  },
  {
    method: 'DELETE',
    pattern: '/repos/{owner}/{repo}/git/refs/{ref+}',
    docs: `${DOCS}#delete-a-reference`,
    handle: (ctx) => {
      const repo = ctx.repo();
      const name = qualified(ctx.params['ref']!);
      if (!repo.refs.has(name)) throw unprocessable('Reference does not exist');
      repo.deleteRef(name, ctx.state.now());
      return { status: 204 };
    },
  },
];
