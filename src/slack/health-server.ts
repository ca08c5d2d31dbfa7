import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Health {
  mode: 'socket' | 'http' | 'sandbox';
  startedAt: Date;
}

export function healthHandler(health: Health) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(
      JSON.stringify({
        status: 'ok',
        mode: health.mode,
        uptimeSeconds: Math.round((Date.now() - health.startedAt.getTime()) / 1000),
      }),
    );
  };
}

/** Socket Mode has no HTTP listener of its own; this one serves only /healthz for the container health check. */
export async function startHealthServer(
  health: Health,
  port: number,
  host: string,
): Promise<{ server: Server; port: number }> {
  const handle = healthHandler(health);
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/healthz') return handle(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
