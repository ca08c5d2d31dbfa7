import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubEmulator, startGitHubEmulator } from '../../../sandbox/emulators/github/index.js';
import { OWNER, REPO } from './helpers.js';

/**
 * Whatever a client sends, the emulator must answer like GitHub would (a 4xx with a JSON error
 * body), never a 500 or a hung connection.
 */

let emulator: GitHubEmulator;
let headSha: string;

beforeAll(async () => {
  emulator = await startGitHubEmulator({ contentCreationLimitPerMinute: 100_000 });
  emulator.createRepo(OWNER, REPO, {
    files: { 'README.md': 'hi\n', 'aws/main.tf': 'x\n' },
    collaborators: ['alice'],
  });
  headSha = emulator.pushCommit(OWNER, REPO, 'feature', { files: { 'aws/queues/orders.tf': 'q\n' } }).sha;
  // An open PR #1, so the pull and issue endpoints get as far as validating their bodies.
  const opened = await call(
    'POST',
    `/repos/${OWNER}/${REPO}/pulls`,
    JSON.stringify({ title: 't', head: 'feature', base: 'main' }),
  );
  expect(opened.status).toBe(201);
});

afterAll(() => emulator.close());

async function call(method: string, path: string, body?: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { authorization: 'token test-token', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

const base = `/repos/${OWNER}/${REPO}`;
const writeEndpoints: Array<[string, string]> = [
  ['POST', `${base}/git/refs`],
  ['PATCH', `${base}/git/refs/heads/main`],
  ['POST', `${base}/git/blobs`],
  ['POST', `${base}/git/trees`],
  ['POST', `${base}/git/commits`],
  ['PUT', `${base}/contents/docs/new.md`],
  ['POST', `${base}/pulls`],
  ['PATCH', `${base}/pulls/1`],
  ['POST', `${base}/pulls/1/requested_reviewers`],
  ['POST', `${base}/issues/1/labels`],
  ['POST', `${base}/issues/1/comments`],
  ['POST', `${base}/statuses/${'0'.repeat(40)}`],
  ['POST', `/_emulator/repos/${OWNER}/${REPO}/check-runs`],
  ['POST', `/_emulator/repos/${OWNER}/${REPO}/branches/feature/commits`],
  ['POST', `/_emulator/repos/${OWNER}/${REPO}/pulls/1/reviews`],
];

/** Bodies shaped roughly like the real ones, with hostile values in every field. */
const hostileValue = fc.oneof(
  fc.jsonValue(),
  fc.string(),
  fc.constantFrom(
    '',
    '../..',
    'refs/heads/',
    'a'.repeat(40),
    '/',
    'heads/main',
    '100644',
    '040000',
    'acme:main',
  ),
);
const hostileBody = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        ref: hostileValue,
        sha: hostileValue,
        content: hostileValue,
        encoding: fc.constantFrom('utf-8', 'base64', 'latin1'),
        tree: fc.oneof(
          hostileValue,
          fc.array(
            fc.record({ path: hostileValue, mode: hostileValue, type: hostileValue, sha: hostileValue }),
          ),
        ),
        message: hostileValue,
        parents: fc.oneof(hostileValue, fc.array(hostileValue)),
        title: hostileValue,
        head: hostileValue,
        base: hostileValue,
        reviewers: fc.oneof(hostileValue, fc.array(hostileValue)),
        labels: fc.oneof(hostileValue, fc.array(hostileValue)),
        body: hostileValue,
        state: hostileValue,
        name: hostileValue,
        by: hostileValue,
        user: hostileValue,
        files: fc.oneof(hostileValue, fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.constant(null)))),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.string(),
);

describe('hostile input', () => {
  it('answers random bodies on every write endpoint with a JSON 4xx or success, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writeEndpoints), hostileBody, async ([method, path], body) => {
        const { status, json } = await call(method, path, body);
        expect(status).toBeLessThan(500);
        if (status >= 400) expect(json).toMatchObject({ message: expect.any(String) });
      }),
      { numRuns: 80 },
    );
  });

  it('answers random paths and refs with 404/422, never a 500', async () => {
    const segment = fc.oneof(fc.string(), fc.constantFrom('%', '%2F', '..', '%E0%A4%A', 'heads', headSha));
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 4 }), async (segments) => {
        const path = segments.map((part) => encodeURIComponent(part).replace(/%25/g, '%')).join('/');
        for (const prefix of [
          `${base}/git/ref/`,
          `${base}/contents/`,
          `${base}/commits/`,
          `${base}/branches/`,
        ]) {
          const { status } = await call('GET', `${prefix}${path}`);
          expect(status).toBeLessThan(500);
        }
      }),
      { numRuns: 25 },
    );
    expect(emulator.requests.filter((entry) => entry.status >= 500)).toEqual([]);
  });
});
