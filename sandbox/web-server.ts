import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { extname, join, sep } from 'node:path';
import { packageFile } from '../src/util/package-root.js';

/**
 * The sandbox page's own origin: the static page in `sandbox/web/` plus a reverse proxy to the
 * emulators' control APIs, so the browser talks to one origin and needs no CORS:
 *   /api/slack/files/{id}  → {slack}/files/{id}        (uploaded files, e.g. alarm graphs)
 *   /api/slack/{path}      → {slack}/_emulator/{path}  (state, SSE events, command, action…)
 *   /api/aws/{path}        → {aws}/_emulator/{path}
 *   /api/github/{path}     → {github}/_emulator/{path}
 */

export interface SandboxWebServerOptions {
  /** 0 picks any free port; a taken port falls back to a free one (npm start must just work). */
  port: number;
  /** Default 127.0.0.1: the sandbox drives emulators without authentication. */
  host?: string;
  slackUrl: string;
  awsUrl: string;
  githubUrl: string;
}

export interface SandboxWebServer {
  /** Where the page is; mentions the fallback when the requested port was taken. */
  url: string;
  /** The bare origin, e.g. `http://127.0.0.1:3100`. */
  origin: string;
  port: number;
  /** Set when the requested port was in use and another one was picked. */
  requestedPortInUse?: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Defence in depth under the page's own escaping: bot messages echo user input, so even a
 * rendering bug must not run a script or load anything from elsewhere (the machine may be offline).
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

// Per-connection headers a proxy must not forward (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
]);

export async function startSandboxWebServer(options: SandboxWebServerOptions): Promise<SandboxWebServer> {
  const root = await locatePage();
  const upstreams: Record<string, URL> = {
    slack: new URL(options.slackUrl),
    aws: new URL(options.awsUrl),
    github: new URL(options.githubUrl),
  };
  const server = createServer((req, res) => {
    handle(req, res, root, upstreams).catch((error: unknown) => {
      console.error('[sandbox-web] request failed:', error);
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  let port: number;
  let requestedPortInUse: number | undefined;
  try {
    port = await listen(server, options.port, host);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    requestedPortInUse = options.port;
    port = await listen(server, 0, host);
  }
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const origin = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  return {
    url:
      requestedPortInUse === undefined
        ? `${origin}/`
        : `${origin}/ (port ${requestedPortInUse} was in use; set SANDBOX_PORT to choose another)`,
    origin,
    port,
    ...(requestedPortInUse === undefined ? {} : { requestedPortInUse }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Open SSE streams and keep-alive sockets would otherwise hold close() forever.
        server.closeAllConnections();
      }),
  };
}

async function locatePage(): Promise<string> {
  const folder = packageFile('sandbox/web');
  try {
    return await realpath(folder);
  } catch {
    // E.g. an image built with dist/ only: say what is missing rather than ENOENT later.
    throw new Error(`the sandbox page is missing: expected ${folder} (copy sandbox/web next to dist/)`);
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('server has no TCP address'));
      else resolve(address.port);
    });
  });
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  upstreams: Record<string, URL>,
): Promise<void> {
  const rawPath = (req.url ?? '/').split('?')[0]!;
  // Checked before URL parsing, which would quietly resolve `/a/../b` (and `%2e%2e`) into `/b`.
  if (!isSafePath(rawPath)) return sendText(res, 400, 'bad path');
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  const api = /^\/api\/(slack|aws|github)\/(.*)$/.exec(url.pathname);
  if (api) {
    const [, name, rest] = api as unknown as [string, string, string];
    const base = upstreams[name]!;
    const file = name === 'slack' ? /^files\/([A-Za-z0-9]+)$/.exec(rest) : null;
    const target = new URL(file ? `/files/${file[1]}` : `/_emulator/${rest}`, base);
    target.search = url.search;
    return proxy(req, res, target);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return sendText(res, 405, 'method not allowed');
  }
  return serveStatic(req, res, root, url.pathname);
}

/**
 * No dot segments, backslashes or control characters, raw or %-encoded: files must stay inside
 * `sandbox/web/` and proxied paths under the emulators' `/_emulator/`.
 */
function isSafePath(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  if (/[\\\u0000-\u001f]/.test(decoded)) return false;
  return !decoded.split('/').some((segment) => segment === '..' || segment === '.');
}

async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return sendText(res, 400, 'bad path');
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const segments = relative.split('/');
  // Hidden files are never served, and neither is anything that looks like a directory.
  if (segments.some((s) => s === '' || s.startsWith('.'))) return sendText(res, 404, 'not found');
  const type = CONTENT_TYPES[extname(relative).toLowerCase()];
  if (!type) return sendText(res, 404, 'not found');
  let file: string;
  try {
    // realpath: a symlink inside sandbox/web must not lead outside it either.
    file = await realpath(join(root, ...segments));
    if (!file.startsWith(root + sep)) return sendText(res, 404, 'not found');
    const info = await stat(file);
    // Directories are never listed.
    if (!info.isFile()) return sendText(res, 404, 'not found');
    res.writeHead(200, {
      'content-type': type,
      'content-length': String(info.size),
      // The page is edited while the sandbox runs; always revalidate.
      'cache-control': 'no-cache',
      ...SECURITY_HEADERS,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return sendText(res, 404, 'not found');
    throw error;
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function proxy(req: IncomingMessage, res: ServerResponse, target: URL): Promise<void> {
  return new Promise((resolve) => {
    const upstream = httpRequest(
      target,
      { method: req.method, headers: forwardHeaders(req.headers, target) },
      (answer) => {
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
        }
        const isStream = String(answer.headers['content-type'] ?? '').startsWith('text/event-stream');
        if (isStream) {
          // Unbuffered: every event goes to the page as soon as the emulator writes it.
          res.socket?.setNoDelay(true);
          headers['x-accel-buffering'] = 'no';
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        if (isStream) res.flushHeaders();
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', () => {
          res.destroy();
          resolve();
        });
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) {
        sendJson(res, 502, { ok: false, error: 'emulator_unreachable', detail: error.message });
      } else {
        res.destroy();
      }
      resolve();
    });
    // The page closed the tab or the SSE stream: drop the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
      resolve();
    });
    req.pipe(upstream);
  });
}

function forwardHeaders(headers: IncomingHttpHeaders, target: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  out.host = target.host;
  return out;
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}
