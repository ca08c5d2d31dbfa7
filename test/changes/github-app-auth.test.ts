import { createSign } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { GitHubEmulator } from '../../sandbox/emulators/github/index.js';
import { configSchema } from '../../src/config/schema.js';
import { checkGitHub } from '../../src/doctor/check-github.js';
import { readRuntimeEnv } from '../../src/runtime-env.js';
import { appKeys, REQUESTER, serviceFor, spec, startInfraRepoEmulator } from './support.js';

let github: GitHubEmulator | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

const keys = appKeys();
const APP = { id: 4242, slug: 'infrabot-acme', publicKey: keys.publicKey, installations: [{ id: 77 }] };

function jwt(claims: Record<string, unknown>, privateKey = keys.privateKey, alg = 'RS256'): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${part({ alg, typ: 'JWT' })}.${part(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
}

async function exchange(g: GitHubEmulator, token: string, installation = 77) {
  const response = await fetch(`${g.url}/app/installations/${installation}/access_tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const now = () => Math.floor(Date.now() / 1000);

describe('GitHub App authentication', () => {
  it('infrabot exchanges its JWT for an installation token and opens the PR with it', async () => {
    github = await startInfraRepoEmulator({ apps: [APP] });
    const service = await serviceFor({
      GITHUB_APP_ID: '4242',
      // One-line form, as env files hold it.
      GITHUB_APP_PRIVATE_KEY: keys.privateKey.replace(/\n/g, '\\n'),
      GITHUB_APP_INSTALLATION_ID: '77',
      GITHUB_API_URL: github.url,
    });
    const opened = await service.open(spec('queue', 'orders'), REQUESTER, 'add queue orders');
    expect(github.requests[0]).toMatchObject({
      method: 'POST',
      path: '/app/installations/77/access_tokens',
      status: 201,
    });
    expect(github.listPulls('acme', 'infra')[0]).toMatchObject({
      number: opened.pull.number,
      user: 'infrabot-acme[bot]',
    });
    // The token is cached: one exchange for the whole PR.
    expect(github.requests.filter((r) => r.path.startsWith('/app/'))).toHaveLength(1);
  });

  it('issues a one-hour token with the installation permissions', async () => {
    github = await startInfraRepoEmulator({ apps: [APP] });
    const { status, body } = await exchange(github, jwt({ iat: now() - 60, exp: now() + 540, iss: '4242' }));
    expect(status).toBe(201);
    expect(body.token).toMatch(/^ghs_/);
    expect(Date.parse(String(body.expires_at)) - Date.now()).toBeGreaterThan(3_590_000);
    expect(body.permissions).toEqual({ contents: 'write', pull_requests: 'write', metadata: 'read' });
  });

  it.each([
    [
      'signed with another key',
      () => jwt({ iat: now() - 60, exp: now() + 540, iss: 4242 }, appKeys().privateKey),
      'A JSON web token could not be decoded',
    ],
    ['not a JWT', () => 'not-a-jwt', 'A JSON web token could not be decoded'],
    [
      'HS256',
      () => jwt({ iat: now(), exp: now() + 60, iss: 4242 }, keys.privateKey, 'HS256'),
      'A JSON web token could not be decoded',
    ],
    [
      'expired',
      () => jwt({ iat: now() - 700, exp: now() - 100, iss: 4242 }),
      "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires",
    ],
    [
      'valid for more than 10 minutes',
      () => jwt({ iat: now(), exp: now() + 900, iss: 4242 }),
      "'Expiration time' claim ('exp') is too far in the future",
    ],
    [
      'issued in the future',
      () => jwt({ iat: now() + 300, exp: now() + 500, iss: 4242 }),
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued",
    ],
    [
      'for another app',
      () => jwt({ iat: now() - 60, exp: now() + 540, iss: 1 }),
      "'Issuer' claim ('iss') must be an Integer",
    ],
  ])('refuses a JWT %s with 401', async (_, make, message) => {
    github = await startInfraRepoEmulator({ apps: [APP] });
    const { status, body } = await exchange(github, make());
    expect(status).toBe(401);
    expect(body.message).toBe(message);
  });

  it('answers 404 for an installation the app does not have', async () => {
    github = await startInfraRepoEmulator({ apps: [APP] });
    const { status } = await exchange(github, jwt({ iat: now() - 60, exp: now() + 540, iss: 4242 }), 999);
    expect(status).toBe(404);
  });

  it('refuses an installation token once it has expired', async () => {
    let clock = Date.now();
    github = await startInfraRepoEmulator({ apps: [APP], now: () => new Date(clock) });
    const { body } = await exchange(github, jwt({ iat: now() - 60, exp: now() + 540, iss: 4242 }));
    const read = () =>
      fetch(`${github!.url}/repos/acme/infra`, { headers: { authorization: `token ${body.token}` } });
    expect((await read()).status).toBe(200);
    clock += 3_600_000;
    expect((await read()).status).toBe(401);
  });

  it('refuses writes from an installation without contents: write', async () => {
    github = await startInfraRepoEmulator({
      apps: [{ ...APP, installations: [{ id: 77, permissions: { contents: 'read', metadata: 'read' } }] }],
    });
    const { body } = await exchange(github, jwt({ iat: now() - 60, exp: now() + 540, iss: 4242 }));
    const response = await fetch(`${github.url}/repos/acme/infra/git/blobs`, {
      method: 'POST',
      headers: { authorization: `token ${body.token}` },
      body: JSON.stringify({ content: 'x' }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toBe(
      'Resource not accessible by integration',
    );
  });
});

describe('infrabot doctor with a GitHub App', () => {
  const config = configSchema.parse({ changes: { repo: 'acme/infra' } });
  const env = (g: GitHubEmulator, privateKey: string) =>
    readRuntimeEnv({
      GITHUB_APP_ID: '4242',
      GITHUB_APP_PRIVATE_KEY: privateKey,
      GITHUB_APP_INSTALLATION_ID: '77',
      GITHUB_API_URL: g.url,
    });

  it('passes when the JWT exchange and the repo read work', async () => {
    github = await startInfraRepoEmulator({ apps: [APP] });
    const [result] = await checkGitHub(env(github, keys.privateKey), config);
    expect(result).toMatchObject({ status: 'pass' });
    expect(JSON.stringify(result)).toContain('GitHub App');
  });

  it('fails with the fix when the private key is not the App’s', async () => {
    github = await startInfraRepoEmulator({ apps: [APP] });
    const [result] = await checkGitHub(env(github, appKeys().privateKey), config);
    expect(result).toMatchObject({ status: 'fail' });
    expect(JSON.stringify(result)).toContain('refused the JWT');
  });
});
