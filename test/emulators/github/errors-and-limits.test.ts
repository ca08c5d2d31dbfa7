import { Octokit } from 'octokit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubEmulator, startGitHubEmulator } from '../../../sandbox/emulators/github/index.js';
import { failure, OWNER, octokitFor, REPO } from './helpers.js';

const repo = { owner: OWNER, repo: REPO };

describe('authentication, unknown resources and malformed bodies', () => {
  let emulator: GitHubEmulator;

  beforeAll(async () => {
    emulator = await startGitHubEmulator({
      tokens: { 'test-token': 'infrabot[bot]', 'alice-token': 'alice' },
    });
    emulator.createRepo(OWNER, REPO, { files: { 'README.md': 'hi\n' } });
  });
  afterAll(() => emulator.close());

  it('answers 401 Bad credentials for unknown or missing tokens and accepts both header schemes', async () => {
    const wrong = await failure(octokitFor(emulator.url, 'nope').rest.repos.get(repo));
    expect(wrong.status).toBe(401);
    expect(wrong.data).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    const anonymous = await fetch(`${emulator.url}/repos/${OWNER}/${REPO}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ message: 'Bad credentials' });
    for (const scheme of ['token', 'Bearer', 'bearer']) {
      const ok = await fetch(`${emulator.url}/repos/${OWNER}/${REPO}`, {
        headers: { authorization: `${scheme} test-token` },
      });
      expect(ok.status).toBe(200);
    }
    // Each token acts as its own user: commits default to the caller as author.
    const alice = octokitFor(emulator.url, 'alice-token');
    const { data: ref } = await alice.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: head } = await alice.rest.git.getCommit({ ...repo, commit_sha: ref.object.sha });
    const { data: commit } = await alice.rest.git.createCommit({
      ...repo,
      message: 'm',
      tree: head.tree.sha,
    });
    expect(commit.author.name).toBe('alice');
    expect(commit.committer.name).toBe('alice');
  });

  it('answers 404 Not Found for unknown repositories and endpoints', async () => {
    const octokit = octokitFor(emulator.url);
    const missing = await failure(octokit.rest.repos.get({ owner: OWNER, repo: 'nope' }));
    expect(missing.status).toBe(404);
    expect(missing.data).toMatchObject({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository',
    });
    const { data } = await octokit.rest.repos.get({ owner: 'ACME', repo: 'Infra' });
    expect(data).toMatchObject({ full_name: `${OWNER}/${REPO}`, default_branch: 'main', private: true });
    const notAPull = await failure(
      octokit.request('GET /repos/{owner}/{repo}/pulls/{n}', { ...repo, n: 'abc' }),
    );
    expect(notAPull.status).toBe(404);
  });

  it('answers 400 Problems parsing JSON and 422 for bodies of the wrong shape', async () => {
    const post = (body: string) =>
      fetch(`${emulator.url}/repos/${OWNER}/${REPO}/git/blobs`, {
        method: 'POST',
        headers: { authorization: 'token test-token', 'content-type': 'application/json' },
        body,
      });
    const broken = await post('{"content": "x",');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ message: 'Problems parsing JSON' });
    const array = await post('[1, 2]');
    expect(array.status).toBe(422);
    expect(((await array.json()) as { message: string }).message).toBe(
      "Invalid request.\n\nFor 'links/0/schema', [1,2] is not an object.",
    );
    const wrongType = await post('{"content": 5}');
    expect(((await wrongType.json()) as { message: string }).message).toBe(
      "Invalid request.\n\nFor 'properties/content', 5 is not a string.",
    );
  });

  it('sends x-ratelimit headers that count down', async () => {
    const octokit = octokitFor(emulator.url);
    const first = await octokit.rest.repos.get(repo);
    const second = await octokit.rest.repos.get(repo);
    expect(first.headers['x-ratelimit-limit']).toBe('5000');
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(
      Number(first.headers['x-ratelimit-remaining']) - 1,
    );
    expect(Number(second.headers['x-ratelimit-used'])).toBe(Number(first.headers['x-ratelimit-used']) + 1);
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(first.headers['x-ratelimit-resource']).toBe('core');
  });
});

describe('rate limits', () => {
  let emulator: GitHubEmulator;
  let clock = Date.parse('2024-05-01T00:00:00Z');

  beforeAll(async () => {
    emulator = await startGitHubEmulator({
      contentCreationLimitPerMinute: 3,
      rateLimitPerHour: 12,
      now: () => new Date(clock),
    });
    emulator.createRepo(OWNER, REPO, { files: { 'README.md': 'hi\n' } });
  });
  afterAll(() => emulator.close());

  it('answers the secondary content-creation limit with 403 and retry-after, then recovers', async () => {
    const octokit = octokitFor(emulator.url);
    for (let i = 0; i < 3; i++) await octokit.rest.git.createBlob({ ...repo, content: `blob ${i}` });
    clock += 20_000;
    const limited = await failure(octokit.rest.git.createBlob({ ...repo, content: 'one too many' }));
    expect(limited.status).toBe(403);
    expect(limited.data.message).toMatch(
      /^You have exceeded a secondary rate limit\. Please wait a few minutes before you try again\./,
    );
    expect(limited.headers['retry-after']).toBe('40');
    // Reads are not content creation and keep working.
    expect((await octokit.rest.repos.get(repo)).status).toBe(200);

    // octokit's throttling plugin recognises the response as a secondary limit and reads retry-after.
    const seen: number[] = [];
    const throttled = new Octokit({
      auth: 'test-token',
      baseUrl: emulator.url,
      retry: { enabled: false },
      throttle: {
        onRateLimit: () => false,
        onSecondaryRateLimit: (retryAfter: number) => {
          seen.push(retryAfter);
          return false;
        },
      },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    await failure(throttled.rest.git.createBlob({ ...repo, content: 'throttled' }));
    expect(seen).toEqual([40]);

    clock += 41_000;
    expect((await octokit.rest.git.createBlob({ ...repo, content: 'after the window' })).status).toBe(201);
  });

  it('answers an exhausted primary quota with 403 and x-ratelimit-remaining 0', async () => {
    const octokit = octokitFor(emulator.url);
    // The budget is 12 an hour and earlier tests spent some of it: keep asking until refused.
    const refused = await failure(
      (async () => {
        for (let i = 0; i <= 12; i++) await octokit.rest.repos.get(repo);
      })(),
    );
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('API rate limit exceeded for user ID');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    clock += 3_600_000;
    expect((await octokit.rest.repos.get(repo)).status).toBe(200);
  });
});

describe('injected faults', () => {
  let emulator: GitHubEmulator;

  beforeAll(async () => {
    emulator = await startGitHubEmulator();
    emulator.createRepo(OWNER, REPO, { files: { 'README.md': 'hi\n' } });
  });
  afterEach(() => emulator.clearFaults());
  afterAll(() => emulator.close());

  it('fails matching requests the given number of times, then serves normally', async () => {
    const octokit = octokitFor(emulator.url);
    emulator.injectFault({
      method: 'POST',
      pathPattern: `/repos/${OWNER}/${REPO}/git/*`,
      status: 502,
      times: 2,
    });
    expect((await octokit.rest.repos.get(repo)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const error = await failure(octokit.rest.git.createBlob({ ...repo, content: 'x' }));
      expect(error.status).toBe(502);
    }
    expect((await octokit.rest.git.createBlob({ ...repo, content: 'x' })).status).toBe(201);
    const statuses = emulator.requests
      .filter((r) => r.method === 'POST' && r.path === `/repos/${OWNER}/${REPO}/git/blobs`)
      .map((r) => r.status);
    expect(statuses).toEqual([502, 502, 201]);
  });

  it('serves 500s and rate-limit faults with retry-after, matched by RegExp', async () => {
    const octokit = octokitFor(emulator.url);
    emulator.injectFault({ pathPattern: /\/pulls$/, status: 500 });
    const serverError = await failure(octokit.rest.pulls.list(repo));
    expect(serverError.status).toBe(500);
    expect(serverError.data).toMatchObject({ message: 'Server Error' });
    emulator.injectFault({ status: 429, retryAfterSeconds: 7 });
    const limited = await failure(octokit.rest.repos.get(repo));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    emulator.injectFault({ status: 403 });
    const noHeader = await failure(octokit.rest.repos.get(repo));
    expect(noHeader.status).toBe(403);
    expect(noHeader.headers['retry-after']).toBeUndefined();
    expect((await octokit.rest.pulls.list(repo)).status).toBe(200);
  });
});
