import { afterEach, describe, expect, it } from 'vitest';
import { type GitHubEmulator, startGitHubEmulator } from '../../../sandbox/emulators/github/index.js';

let github: GitHubEmulator | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

const get = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { authorization: 'token test-token', ...headers } });

describe('conditional requests (ETag / If-None-Match)', () => {
  it('answers 304 for an unchanged resource, without spending the rate limit, and 200 once it changes', async () => {
    github = await startGitHubEmulator();
    github.createRepo('acme', 'infra', { files: { 'a.txt': 'a\n' } });
    const first = await get(`${github.url}/repos/acme/infra/branches/main`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));

    const again = await get(`${github.url}/repos/acme/infra/branches/main`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(Number(again.headers.get('x-ratelimit-remaining'))).toBe(remaining);

    github.pushCommit('acme', 'infra', 'main', { files: { 'b.txt': 'b\n' } });
    const changed = await get(`${github.url}/repos/acme/infra/branches/main`, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('delays every REST answer by the latency option', async () => {
    github = await startGitHubEmulator({ latencyMs: 120 });
    github.createRepo('acme', 'infra', { files: { 'a.txt': 'a\n' } });
    const started = performance.now();
    await get(`${github.url}/repos/acme/infra`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});
