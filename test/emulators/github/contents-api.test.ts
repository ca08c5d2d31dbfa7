import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubEmulator, startGitHubEmulator } from '../../../sandbox/emulators/github/index.js';
import { failure, OWNER, octokitFor, REPO } from './helpers.js';

let emulator: GitHubEmulator;
let octokit: ReturnType<typeof octokitFor>;
const repo = { owner: OWNER, repo: REPO };
const b64 = (text: string) => Buffer.from(text).toString('base64');

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  emulator.createRepo(OWNER, REPO, {
    files: { 'README.md': '# infra\n', 'aws/main.tf': 'provider "aws" {}\n', 'aws/queues/jobs.tf': 'jobs\n' },
  });
  emulator.createRepo(OWNER, 'empty');
  octokit = octokitFor(emulator.url);
});

afterAll(async () => {
  await emulator.close();
});

describe('reading contents', () => {
  it('returns a file with base64 content and its blob SHA', async () => {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path: 'aws/main.tf', ref: 'main' });
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    expect(data.name).toBe('main.tf');
    expect(data.path).toBe('aws/main.tf');
    expect(data.encoding).toBe('base64');
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe('provider "aws" {}\n');
    const { data: blob } = await octokit.rest.git.getBlob({ ...repo, file_sha: data.sha });
    expect(Buffer.from(blob.content, 'base64').toString('utf8')).toBe('provider "aws" {}\n');
    expect(data.html_url).toBe(`https://github.com/${OWNER}/${REPO}/blob/main/aws/main.tf`);
    const download = await fetch(data.download_url!);
    expect(await download.text()).toBe('provider "aws" {}\n');
  });

  it('lists directories (and the root) as arrays of entries', async () => {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path: 'aws' });
    if (!Array.isArray(data)) throw new Error('expected a directory listing');
    expect(data.map((entry) => [entry.type, entry.path])).toEqual([
      ['file', 'aws/main.tf'],
      ['dir', 'aws/queues'],
    ]);
    const { data: root } = await octokit.rest.repos.getContent({ ...repo, path: '' });
    expect(Array.isArray(root) && root.map((entry) => entry.name)).toEqual(['README.md', 'aws']);
  });

  it('serves the raw media type', async () => {
    const { data } = await octokit.rest.repos.getContent({
      ...repo,
      path: 'README.md',
      mediaType: { format: 'raw' },
    });
    expect(data).toBe('# infra\n');
  });

  it('answers 404 for missing paths and refs, and for an empty repository', async () => {
    const missing = await failure(octokit.rest.repos.getContent({ ...repo, path: 'aws/queues/orders.tf' }));
    expect(missing.status).toBe(404);
    expect(missing.data).toMatchObject({ message: 'Not Found' });
    const badRef = await failure(octokit.rest.repos.getContent({ ...repo, path: 'README.md', ref: 'nope' }));
    expect(badRef.message).toContain('No commit found for the ref nope');
    const empty = await failure(octokit.rest.repos.getContent({ owner: OWNER, repo: 'empty', path: 'x' }));
    expect(empty.message).toContain('This repository is empty.');
    const emptyBlob = await failure(
      octokit.rest.git.createBlob({ owner: OWNER, repo: 'empty', content: 'x' }),
    );
    expect(emptyBlob.status).toBe(409);
    expect(emptyBlob.message).toContain('Git Repository is empty.');
  });
});

describe('writing one file per commit', () => {
  it('creates then updates a file, each time as one commit on the branch', async () => {
    const before = emulator.branchSha(OWNER, REPO, 'main')!;
    const created = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'aws/queues/orders.tf',
      message: 'Add orders queue',
      content: b64('orders v1\n'),
      branch: 'main',
    });
    expect(created.status).toBe(201);
    expect(created.data.commit.parents?.map((p) => p.sha)).toEqual([before]);
    expect(created.data.commit.author?.name).toBe('infrabot[bot]');
    expect(emulator.branchSha(OWNER, REPO, 'main')).toBe(created.data.commit.sha);
    expect(emulator.readFile(OWNER, REPO, 'main', 'aws/queues/orders.tf')).toBe('orders v1\n');

    const updated = await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'aws/queues/orders.tf',
      message: 'Tune orders queue',
      content: b64('orders v2\n'),
      sha: created.data.content!.sha!,
      committer: { name: 'Bot', email: 'bot@example.com' },
    });
    expect(updated.status).toBe(200);
    expect(updated.data.commit.committer?.email).toBe('bot@example.com');
    expect(emulator.readFile(OWNER, REPO, 'main', 'aws/queues/orders.tf')).toBe('orders v2\n');
    expect(emulator.readFile(OWNER, REPO, 'main', 'aws/queues/jobs.tf')).toBe('jobs\n');
  });

  it('answers 409 when the sha is stale and 422 when it is missing or the content is not base64', async () => {
    const { data } = await octokit.rest.repos.getContent({ ...repo, path: 'README.md' });
    const currentSha = (data as { sha: string }).sha;
    const stale = 'b'.repeat(40);
    const conflictError = await failure(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: 'README.md',
        message: 'edit',
        content: b64('new\n'),
        sha: stale,
      }),
    );
    expect(conflictError.status).toBe(409);
    expect(conflictError.data).toMatchObject({ message: `README.md does not match ${stale}` });

    const noSha = await failure(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: 'README.md',
        message: 'edit',
        content: b64('x'),
      }),
    );
    expect(noSha.status).toBe(422);
    expect(noSha.message).toContain('"sha" wasn\'t supplied.');

    const notBase64 = await failure(
      octokit.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: 'README.md',
        message: 'edit',
        content: 'not base64 at all!',
        sha: currentSha,
      }),
    );
    expect(notBase64.status).toBe(422);
    expect(notBase64.message).toContain('content is not valid Base64');
    expect(emulator.readFile(OWNER, REPO, 'main', 'README.md')).toBe('# infra\n');
  });

  it('creates the first commit of an empty repository', async () => {
    const { data } = await octokit.rest.repos.createOrUpdateFileContents({
      owner: OWNER,
      repo: 'empty',
      path: 'README.md',
      message: 'Initial commit',
      content: b64('hello\n'),
    });
    expect(data.commit.parents).toEqual([]);
    expect(emulator.branchSha(OWNER, 'empty', 'main')).toBe(data.commit.sha);
  });
});
