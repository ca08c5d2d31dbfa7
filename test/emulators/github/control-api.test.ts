import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubEmulator, startGitHubEmulator } from '../../../sandbox/emulators/github/index.js';
import { commitFiles, OWNER, octokitFor, REPO } from './helpers.js';

/** The JSON control API the sandbox web page drives: state, reviews, check runs, merges. */

let emulator: GitHubEmulator;
let number: number;
let headSha: string;
const repo = { owner: OWNER, repo: REPO };

async function control(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  emulator.createRepo(OWNER, REPO, { files: { 'README.md': 'hi\n' }, collaborators: ['alice'] });
  const octokit = octokitFor(emulator.url);
  headSha = await commitFiles(octokit, { ...repo, branch: 'feature' }, { 'aws/queues/orders.tf': 'q\n' });
  number = (await octokit.rest.pulls.create({ ...repo, title: 'Add queue', head: 'feature', base: 'main' }))
    .data.number;
});

afterAll(() => emulator.close());

describe('/_emulator control API', () => {
  it('records a review, a check run and a status, visible in the state document', async () => {
    const review = await control('POST', `/repos/${OWNER}/${REPO}/pulls/${number}/reviews`, {
      user: 'alice',
      state: 'APPROVED',
      body: 'ship it',
    });
    expect(review).toMatchObject({
      status: 201,
      json: { user: 'alice', state: 'APPROVED', commitId: headSha },
    });
    const check = await control('POST', `/repos/${OWNER}/${REPO}/check-runs`, {
      sha: 'feature',
      name: 'plan',
      conclusion: 'failure',
    });
    expect(check).toMatchObject({
      status: 201,
      json: { headSha, status: 'completed', conclusion: 'failure' },
    });
    const status = await control('POST', `/repos/${OWNER}/${REPO}/statuses`, {
      sha: headSha,
      context: 'ci',
      state: 'pending',
    });
    expect(status.status).toBe(201);

    const state = await control('GET', '/state');
    expect(state.status).toBe(200);
    expect(state.json).toMatchObject({
      repos: [
        {
          fullName: `${OWNER}/${REPO}`,
          branches: { main: emulator.branchSha(OWNER, REPO, 'main'), feature: headSha },
          pulls: [
            {
              number,
              state: 'open',
              mergeable: true,
              reviews: [{ user: 'alice', state: 'APPROVED', body: 'ship it' }],
              checkRuns: [{ name: 'plan', status: 'completed', conclusion: 'failure' }],
              combinedStatus: 'pending',
            },
          ],
        },
      ],
    });
    const { data } = await octokitFor(emulator.url).rest.pulls.get({ ...repo, pull_number: number });
    expect(data.mergeable_state).toBe('unstable');
  });

  it('rejects bad input with GitHub-style errors', async () => {
    expect(await control('POST', `/repos/${OWNER}/${REPO}/pulls/${number}/reviews`, '{oops')).toMatchObject({
      status: 400,
      json: { message: 'Problems parsing JSON' },
    });
    const badState = await control('POST', `/repos/${OWNER}/${REPO}/pulls/${number}/reviews`, {
      user: 'alice',
      state: 'LOVE',
    });
    expect(badState.status).toBe(422);
    expect(await control('POST', `/repos/${OWNER}/${REPO}/pulls/999/merge`, { by: 'alice' })).toMatchObject({
      status: 404,
    });
    expect(
      await control('POST', `/repos/${OWNER}/${REPO}/check-runs`, { sha: 'nope', name: 'plan' }),
    ).toMatchObject({
      status: 422,
      json: { message: 'No commit found for SHA: nope' },
    });
    expect((await control('GET', '/nothing-here')).status).toBe(404);
    const preflight = await fetch(`${emulator.url}/_emulator/state`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('merges, and keeps its own traffic out of the request log', async () => {
    const merged = await control('POST', `/repos/${OWNER}/${REPO}/pulls/${number}/merge`, {
      by: 'alice',
      merge_method: 'squash',
      delete_branch: true,
    });
    expect(merged).toMatchObject({
      status: 200,
      json: { merged: true, sha: emulator.branchSha(OWNER, REPO, 'main') },
    });
    expect(emulator.branchSha(OWNER, REPO, 'feature')).toBeUndefined();
    expect(emulator.listPulls(OWNER, REPO)).toMatchObject([{ number, state: 'closed', merged: true }]);
    const again = await control('POST', `/repos/${OWNER}/${REPO}/pulls/${number}/merge`, { by: 'alice' });
    expect(again).toMatchObject({ status: 405, json: { message: 'Pull Request is not mergeable' } });
    expect(emulator.requests.some((entry) => entry.path.startsWith('/_emulator'))).toBe(false);
  });
});
