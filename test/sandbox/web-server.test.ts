import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SandboxWebServer, startSandboxWebServer } from '../../sandbox/web-server.js';
import { packageFile } from '../../src/util/package-root.js';

/**
 * The sandbox page's server against fake emulators: static files (types, 404s, traversal), the
 * reverse proxy (paths, bodies, SSE without buffering, a dead upstream) and the port fallback.
 */

interface Upstream {
  url: string;
  server: Server;
  seen: Array<{ method: string; url: string; body: string }>;
  sse: ServerResponse[];
}

async function startUpstream(name: string): Promise<Upstream> {
  const upstream: Upstream = { url: '', server: createServer(), seen: [], sse: [] };
  upstream.server.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    upstream.seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      body: Buffer.concat(chunks).toString(),
    });
    if (req.url === '/_emulator/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('retry: 1000\n\n');
      upstream.sse.push(res);
      return;
    }
    if (req.url === '/files/F0GRAPH') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      return;
    }
    res.writeHead(req.url === '/_emulator/missing' ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ upstream: name, method: req.method, url: req.url }));
  });
  upstream.server.listen(0, '127.0.0.1');
  await once(upstream.server, 'listening');
  upstream.url = `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`;
  return upstream;
}

/** A GET with the path sent exactly as given: fetch() would resolve `..` before sending. */
function rawGet(
  port: number,
  path: string,
  method = 'GET',
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

let slack: Upstream;
let aws: Upstream;
let github: Upstream;
let web: SandboxWebServer;

beforeAll(async () => {
  [slack, aws, github] = await Promise.all([
    startUpstream('slack'),
    startUpstream('aws'),
    startUpstream('github'),
  ]);
  web = await startSandboxWebServer({ port: 0, slackUrl: slack.url, awsUrl: aws.url, githubUrl: github.url });
});

afterAll(async () => {
  await web?.close();
  for (const upstream of [slack, aws, github]) {
    if (!upstream) continue;
    for (const res of upstream.sse) res.end();
    upstream.server.closeAllConnections();
    await new Promise((resolve) => upstream.server.close(resolve));
  }
});

describe('static files', () => {
  it('serves the page with its content types and a CSP that allows only its own origin', async () => {
    const page = await fetch(`${web.origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe(await readFile(packageFile('sandbox/web/index.html'), 'utf8'));

    const js = await fetch(`${web.origin}/js/mrkdwn.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const css = await fetch(`${web.origin}/style.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD without a body', async () => {
    const head = await rawGet(web.port, '/style.css', 'HEAD');
    expect(head).toMatchObject({ status: 200, type: 'text/css; charset=utf-8', body: '' });
  });

  it('answers 404 for unknown files, directories (no listing) and hidden files', async () => {
    for (const path of ['/nope.html', '/js', '/js/', '/js/nope.js', '/.gitignore', '/js/mrkdwn.d.ts']) {
      const res = await rawGet(web.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body).toBe('not found');
    }
  });

  it('rejects path traversal however it is spelled', async () => {
    for (const path of [
      '/../package.json',
      '/js/../../package.json',
      '/%2e%2e/package.json',
      '/js/%2E%2E/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/js/..%5c..%5cpackage.json',
      '/api/slack/../../package.json',
      '/api/aws/%2e%2e/secret',
      '/index.html%00.js',
    ]) {
      const res = await rawGet(web.port, path);
      expect(res.status, path).toBe(400);
      expect(res.body).not.toContain('"name": "infrabot"');
    }
  });

  it('refuses other methods on static files', async () => {
    const res = await fetch(`${web.origin}/index.html`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('does not serve malformed percent-encoding', async () => {
    expect((await rawGet(web.port, '/%E0%A4%A')).status).toBe(400);
  });
});

describe('proxy', () => {
  it('maps /api/{slack,aws,github}/… to each emulator’s /_emulator/…, query included', async () => {
    const s = (await (await fetch(`${web.origin}/api/slack/state?x=1`)).json()) as Record<string, unknown>;
    expect(s).toEqual({ upstream: 'slack', method: 'GET', url: '/_emulator/state?x=1' });
    const a = (await (await fetch(`${web.origin}/api/aws/state`)).json()) as Record<string, unknown>;
    expect(a).toMatchObject({ upstream: 'aws', url: '/_emulator/state' });
    const g = await fetch(`${web.origin}/api/github/repos/acme/infra/pulls/1/merge`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'platform-lead' }),
    });
    expect(await g.json()).toMatchObject({
      upstream: 'github',
      method: 'POST',
      url: '/_emulator/repos/acme/infra/pulls/1/merge',
    });
    expect(github.seen.at(-1)?.body).toBe('{"by":"platform-lead"}');
  });

  it('passes upstream statuses through', async () => {
    expect((await fetch(`${web.origin}/api/slack/missing`)).status).toBe(404);
  });

  it('serves Slack files from the emulator’s /files/ with their content type', async () => {
    const res = await fetch(`${web.origin}/api/slack/files/F0GRAPH`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(slack.seen.at(-1)?.url).toBe('/files/F0GRAPH');
  });

  it('streams Server-Sent Events as they are written, without buffering', async () => {
    const received: string[] = [];
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port: web.port, path: '/api/slack/events' }, resolve)
        .on('error', reject)
        .end();
    });
    expect(res.headers['content-type']).toBe('text/event-stream');
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => received.push(chunk));
    await expect.poll(() => received.join('')).toContain('retry: 1000');
    await expect.poll(() => slack.sse.length).toBe(1);
    slack.sse[0]!.write('event: change\ndata: {"kind":"message.posted"}\n\n');
    await expect
      .poll(() => received.join(''), { timeout: 2000 })
      .toContain('data: {"kind":"message.posted"}');
    res.destroy();
    // The page going away closes the upstream stream too.
    await expect.poll(() => slack.sse[0]!.destroyed || slack.sse[0]!.writableEnded).toBe(true);
  });

  it('answers 502 with a reason when an emulator is down', async () => {
    const dead = createServer();
    dead.listen(0, '127.0.0.1');
    await once(dead, 'listening');
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise((resolve) => dead.close(resolve));
    const lonely = await startSandboxWebServer({
      port: 0,
      slackUrl: deadUrl,
      awsUrl: deadUrl,
      githubUrl: deadUrl,
    });
    try {
      const res = await fetch(`${lonely.origin}/api/aws/state`);
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({ ok: false, error: 'emulator_unreachable' });
    } finally {
      await lonely.close();
    }
  });
});

describe('port', () => {
  it('falls back to a free port when the requested one is taken, and says so', async () => {
    const taken = web.port;
    const second = await startSandboxWebServer({
      port: taken,
      slackUrl: slack.url,
      awsUrl: aws.url,
      githubUrl: github.url,
    });
    try {
      expect(second.port).not.toBe(taken);
      expect(second.requestedPortInUse).toBe(taken);
      expect(second.url).toContain(`port ${taken} was in use`);
      expect((await fetch(`${second.origin}/`)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('prints a plain URL when it got the port it asked for', () => {
    expect(web.url).toBe(`${web.origin}/`);
    expect(web.requestedPortInUse).toBeUndefined();
  });
});
