import type { ServerResponse } from 'node:http';

/**
 * Server-Sent Events for the sandbox page: every workspace change becomes an `event: change`
 * with a JSON body. A comment line every 15 s keeps proxies from closing idle streams.
 */

const KEEPALIVE_MS = 15_000;

export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly keepalive: NodeJS.Timeout;
  private nextId = 1;

  constructor() {
    this.keepalive = setInterval(() => {
      for (const client of this.clients) client.write(': keepalive\n\n');
    }, KEEPALIVE_MS);
    // Never keep the process (or a test run) alive just for keepalives.
    this.keepalive.unref();
  }

  add(res: ServerResponse, headers: Record<string, string> = {}): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...headers,
    });
    res.write('retry: 1000\n\n');
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  broadcast(event: string, data: unknown): void {
    const frame = `id: ${this.nextId++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const client of this.clients) client.write(frame);
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    clearInterval(this.keepalive);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
