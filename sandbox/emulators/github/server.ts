import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppRegistry } from './app-auth.js';
import { TokenRegistry } from './auth.js';
import type { EmulatorControl } from './control.js';
import { handleControl } from './control-api.js';
import { ApiError, DOCS_ROOT, notFound, problemsParsingJson, secondaryRateLimited } from './errors.js';
import type { FaultInjector } from './faults.js';
import { BodyTooLargeError, readBody, send } from './http-io.js';
import { type ContentCreationLimit, type PrimaryRateLimit, quotaHeaders } from './rate-limit.js';
import type { EmulatorState } from './repo-store.js';
import { type Route, type Router, repoFrom } from './router.js';
import type { Links } from './views-core.js';

/**
 * The request pipeline, in GitHub's order: injected faults → authentication → primary quota →
 * routing (404) → JSON parsing (400) → secondary content-creation limit (403) → handler.
 */

export interface RequestLogEntry {
  method: string;
  /** Decoded path without query string, e.g. `/repos/acme/infra/contents/aws/queues/orders.tf`. */
  path: string;
  /** Raw query string without `?` ('' when none). */
  query: string;
  status: number;
  /** For 500s caused by an emulator bug: what went wrong, to make the failing test debuggable. */
  error?: string;
}

export interface PipelineDeps {
  state: EmulatorState;
  router: Router<Route>;
  tokens: TokenRegistry;
  primary: PrimaryRateLimit;
  secondary: ContentCreationLimit;
  faults: FaultInjector;
  control: EmulatorControl;
  links: () => Links;
  log: RequestLogEntry[];
  /** GitHub Apps whose JWTs `POST /app/installations/{id}/access_tokens` accepts. */
  apps: AppRegistry;
  /** Added before every REST answer, to model a distant API (benchmarks). */
  latencyMs: number;
}

const INSTALLATION_TOKEN = /^\/app\/installations\/(\d+)\/access_tokens$/;

/** GitHub's strong ETag of a JSON answer: the same body gives the same tag. */
function etagOf(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('hex')}"`;
}

/** GitHub Enterprise serves the API under /api/v3; accept that prefix so GHES-style URLs work. */
const GHES_PREFIX = '/api/v3';
const MAX_BODY_BYTES = 50 * 1024 * 1024;

const BASE_HEADERS = {
  'x-github-media-type': 'github.v3; format=json',
  'x-github-api-version-selected': '2022-11-28',
  'access-control-allow-origin': '*',
  'access-control-expose-headers':
    'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, ' +
    'X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-GitHub-Request-Id',
};

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw problemsParsingJson();
  }
}

export function createRequestHandler(
  deps: PipelineDeps,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      // Only reachable if writing the response itself failed; the connection is already gone.
      if (!res.headersSent) send(res, 500, BASE_HEADERS, { json: { message: 'Server Error' } });
      else res.destroy(error instanceof Error ? error : undefined);
    });
  };
}

async function handle(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const method = (req.method ?? 'GET').toUpperCase();
  // Concatenate rather than resolve, so a path starting with `//` can't be read as a host name.
  const target = req.url ?? '/';
  const url = new URL(`http://emulator.invalid${target.startsWith('/') ? target : `/${target}`}`);
  let rawPath = url.pathname;
  if (rawPath === GHES_PREFIX || rawPath.startsWith(`${GHES_PREFIX}/`))
    rawPath = rawPath.slice(GHES_PREFIX.length) || '/';
  if (rawPath.length > 1 && rawPath.endsWith('/')) rawPath = rawPath.slice(0, -1);
  const headers: Record<string, string> = { ...BASE_HEADERS, 'x-github-request-id': requestId };

  let docs = DOCS_ROOT;
  const respondError = (error: ApiError): void => {
    send(res, error.status, { ...headers, ...error.details.headers }, { json: error.toBody(docs) });
  };

  let rawBody: Buffer;
  try {
    rawBody = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    respondError(new ApiError(413, 'Request body too large'));
    return;
  }

  if (rawPath.startsWith('/_emulator/')) {
    handleControlRequest(deps, method, rawPath, rawBody, headers, res);
    return;
  }

  const path = decodePath(rawPath);
  const entry: RequestLogEntry = { method, path, query: url.search.replace(/^\?/, ''), status: 0 };
  deps.log.push(entry);
  if (deps.latencyMs > 0) await sleep(deps.latencyMs);

  try {
    const fault = deps.faults.take(method, path);
    if (fault) throw faultError(fault.status, fault.retryAfterSeconds, requestId);
    if (rawPath.startsWith('/app/')) {
      // App endpoints authenticate the app itself, by JWT, not by token.
      const installation = INSTALLATION_TOKEN.exec(rawPath);
      if (!installation || method !== 'POST') throw notFound();
      const app = deps.apps.verify(TokenRegistry.credential(req.headers.authorization));
      const answer = deps.apps.createInstallationToken(app, Number(installation[1]), deps.state, deps.tokens);
      send(res, answer.status, headers, { json: answer.body });
      entry.status = res.statusCode;
      return;
    }
    const token = deps.tokens.authenticate(req.headers.authorization);
    const actor = token.actor;
    const quota = deps.primary.consume(actor.id);
    Object.assign(headers, quotaHeaders(quota));
    if (quota.exceeded) {
      throw new ApiError(403, `API rate limit exceeded for user ID ${actor.id}.`, {
        documentationUrl: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      });
    }
    const match = deps.router.match(method, rawPath);
    if (!match) throw notFound();
    docs = match.route.docs;
    const body = method === 'GET' || method === 'HEAD' ? {} : parseJson(rawBody);
    if (token.readOnly && method !== 'GET' && method !== 'HEAD')
      throw new ApiError(403, 'Resource not accessible by integration', {
        documentationUrl: match.route.docs,
      });
    if (match.route.createsContent) {
      const verdict = deps.secondary.admit(actor.id);
      if (!verdict.admitted) throw secondaryRateLimited(verdict.retryAfterSeconds, requestId);
    }
    const links = deps.links();
    const result = match.route.handle({
      state: deps.state,
      links,
      actor,
      params: match.params,
      query: url.searchParams,
      body,
      headers: req.headers,
      selfUrl: `${links.api}${rawPath}`,
      repo: () => repoFrom(deps.state, match.params),
    });
    const responseHeaders = { ...headers, ...result.headers };
    if (method === 'GET' && result.status === 200 && result.body !== undefined && !result.raw) {
      const etag = etagOf(result.body);
      responseHeaders.etag = etag;
      // A conditional request answered 304 does not count against the primary limit (GitHub docs).
      if (req.headers['if-none-match'] === etag) {
        const refunded = deps.primary.refund(actor.id);
        Object.assign(responseHeaders, quotaHeaders(refunded));
        send(res, 304, responseHeaders);
        entry.status = res.statusCode;
        return;
      }
    }
    if (result.raw)
      send(res, result.status, responseHeaders, {
        raw: result.raw.data,
        contentType: result.raw.contentType,
      });
    else if (result.body === undefined) send(res, result.status, responseHeaders);
    else send(res, result.status, responseHeaders, { json: result.body });
  } catch (error) {
    if (!(error instanceof ApiError))
      entry.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    respondError(error instanceof ApiError ? error : internalError(error));
  }
  // `send` is synchronous, so the status is final here, before the client can see the response.
  entry.status = res.statusCode;
}

function faultError(status: number, retryAfterSeconds: number | undefined, requestId: string): ApiError {
  if (status === 403 || status === 429) {
    const error = secondaryRateLimited(retryAfterSeconds ?? 60, requestId, status);
    // A fault without retryAfterSeconds models GitHub omitting the header (clients then guess).
    if (retryAfterSeconds === undefined) delete error.details.headers?.['retry-after'];
    return error;
  }
  const messages: Record<number, string> = {
    500: 'Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
  };
  return new ApiError(status, messages[status] ?? 'Server Error');
}

/** A bug in the emulator must look like a GitHub 500 to the client, not hang or crash the server. */
function internalError(error: unknown): ApiError {
  const detail = error instanceof Error ? error.message : String(error);
  return new ApiError(500, `Server Error: ${detail}`);
}

function handleControlRequest(
  deps: PipelineDeps,
  method: string,
  rawPath: string,
  rawBody: Buffer,
  headers: Record<string, string>,
  res: ServerResponse,
): void {
  const cors = {
    ...headers,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'content-type',
  };
  if (method === 'OPTIONS') {
    send(res, 204, cors);
    return;
  }
  try {
    const body = method === 'GET' ? {} : parseJson(rawBody);
    const result = handleControl(deps.control, { method, path: rawPath, body });
    if (result.raw)
      send(res, result.status, cors, { raw: result.raw.data, contentType: result.raw.contentType });
    else send(res, result.status, cors, { json: result.json });
  } catch (error) {
    const apiError = error instanceof ApiError ? error : internalError(error);
    send(res, apiError.status, cors, { json: apiError.toBody(DOCS_ROOT) });
  }
}
