import type { IncomingHttpHeaders } from 'node:http';
import { notFound } from './errors.js';
import type { Actor, EmulatorState, Repository } from './repo-store.js';
import type { Links } from './views-core.js';

/**
 * A small path router. `{name}` matches one segment; `{name+}` matches one or more segments, for
 * the parameters GitHub lets contain slashes (refs, branch names, file paths). Clients may send
 * those either raw or %2F-encoded (octokit encodes them), so captures are decoded after matching.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteContext {
  state: EmulatorState;
  links: Links;
  actor: Actor;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body; `{}` when the request had none. */
  body: unknown;
  headers: IncomingHttpHeaders;
  /** The request URL without query, as the client sent it (for pagination links). */
  selfUrl: string;
  /** The repository named by `{owner}/{repo}`; 404 "Not Found" when there is none. */
  repo(): Repository;
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (raw file contents). */
  raw?: { contentType: string; data: Buffer };
}

export interface Route {
  method: HttpMethod;
  pattern: string;
  /** `documentation_url` for errors raised by this route. */
  docs: string;
  /** Counts toward the secondary "content creation" limit. */
  createsContent?: boolean;
  handle(ctx: RouteContext): RouteResponse;
}

/** What the router needs of a route; REST routes and control-API routes both satisfy it. */
export interface RouteShape {
  method: string;
  pattern: string;
}

interface CompiledRoute<R extends RouteShape> {
  route: R;
  regex: RegExp;
  names: string[];
}

function compile<R extends RouteShape>(route: R): CompiledRoute<R> {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return param[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { route, regex: new RegExp(`^${source}$`), names };
}

export interface RouteMatch<R extends RouteShape> {
  route: R;
  params: Record<string, string>;
}

export class Router<R extends RouteShape> {
  private readonly routes: CompiledRoute<R>[];

  constructor(routes: R[]) {
    this.routes = routes.map((route) => compile(route));
  }

  /** First route (in registration order) whose method and pattern match. */
  match(method: string, pathname: string): RouteMatch<R> | undefined {
    for (const compiled of this.routes) {
      if (compiled.route.method !== method) continue;
      const found = compiled.regex.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      try {
        compiled.names.forEach((name, index) => {
          params[name] = decodeURIComponent(found[index + 1]!);
        });
      } catch {
        // A malformed %-escape can't name anything that exists.
        continue;
      }
      return { route: compiled.route, params };
    }
    return undefined;
  }
}

/** Resolves `{owner}/{repo}` for route handlers; shared so every area 404s identically. */
export function repoFrom(state: EmulatorState, params: Record<string, string>): Repository {
  const repo = state.repo(params['owner'] ?? '', params['repo'] ?? '');
  if (!repo) throw notFound();
  return repo;
}
