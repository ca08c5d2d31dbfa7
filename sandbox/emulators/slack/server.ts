import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AppRequests } from './app-requests.js';
import type { EmulatorCore } from './core.js';
import { handleEmulatorRoute } from './emulator-routes.js';
import { handleFileDownload, handleUpload } from './file-routes.js';
import { sendJson } from './http-util.js';
import { handleResponseUrl } from './response-url-route.js';
import type { SseHub } from './sse.js';
import { handleWebApi } from './web-api/router.js';

/**
 * The emulator's HTTP server: Slack's Web API under `/api/`, response_urls, the file upload
 * URLs, and the sandbox page's `/_emulator/` endpoints.
 */

export interface ServerDeps {
  core: EmulatorCore;
  app: AppRequests;
  sse: SseHub;
}

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  deps: ServerDeps,
) => Promise<void> | void;

const ROUTES: Array<{ method?: string; pattern: RegExp; handle: Handler }> = [
  {
    pattern: /^\/api\/([A-Za-z0-9_.]+)$/,
    handle: (req, res, id, deps) => handleWebApi(req, res, id, deps.core),
  },
  {
    method: 'POST',
    pattern: /^\/response\/([A-Za-z0-9]+)$/,
    handle: (req, res, id, deps) => handleResponseUrl(req, res, id, deps.core),
  },
  {
    method: 'POST',
    pattern: /^\/upload\/([A-Za-z0-9]+)$/,
    handle: (req, res, id, deps) => handleUpload(req, res, id, deps.core),
  },
  {
    method: 'GET',
    pattern: /^\/files\/([A-Za-z0-9]+)$/,
    handle: (_req, res, id, deps) => handleFileDownload(res, id, deps.core),
  },
  {
    pattern: /^\/_emulator\/([a-z-]+)$/,
    handle: (req, res, id, deps) => handleEmulatorRoute(req, res, id, deps),
  },
];

async function route(req: IncomingMessage, res: ServerResponse, deps: ServerDeps): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://emulator.invalid').pathname;
  for (const { method, pattern, handle } of ROUTES) {
    if (method && req.method !== method) continue;
    const match = pattern.exec(path);
    if (match) return handle(req, res, match[1]!, deps);
  }
  sendJson(res, 404, { ok: false, error: 'not_found' });
}

export function createEmulatorServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    route(req, res, deps).catch((error: unknown) => {
      console.error('[slack-emulator] request failed:', error);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
      else res.end();
    });
  });
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('server has no TCP address'));
      else resolve(address.port);
    });
  });
}
