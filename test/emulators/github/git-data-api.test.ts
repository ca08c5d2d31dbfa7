import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GitHubEmulator, startGitHubEmulator } from '../../../sandbox/emulators/github/index.js';
import { failure, looseRequest, OWNER, octokitFor, REPO, ScratchGit } from './helpers.js';

const INITIAL = { 'README.md': '# infra\n', 'aws/main.tf': 'provider "aws" {}\n' };
const ORDERS = 'resource "aws_sqs_queue" "orders" {\n  name = "orders"\n}\n';
const ORDERS_DLQ = 'resource "aws_sqs_queue" "orders_dlq" {\n  name = "orders-dlq"\n}\n';
const ALICE = { name: 'Alice', email: 'alice@example.com', date: '2024-05-01T12:00:00+09:00' };

let emulator: GitHubEmulator;
let octokit: ReturnType<typeof octokitFor>;
const git = new ScratchGit();
const repo = { owner: OWNER, repo: REPO };

beforeAll(async () => {
  emulator = await startGitHubEmulator();
  emulator.createRepo(OWNER, REPO, { files: INITIAL });
  octokit = octokitFor(emulator.url);
});

afterAll(async () => {
  await emulator.close();
  git.dispose();
});

/** Recreates the emulator's seed commit in the scratch repo from what the API reports about it. */
async function mirrorCommit(sha: string): Promise<void> {
  const { data } = await octokit.rest.git.getCommit({ ...repo, commit_sha: sha });
  const mirrored = git.commitTree(
    data.tree.sha,
    data.parents.map((p) => p.sha),
    data.message,
    { name: data.author.name, email: data.author.email, date: data.author.date },
  );
  expect(mirrored).toBe(sha);
}

describe('one commit with several files through the git data API', () => {
  it('creates a branch, blobs, a nested tree, a commit and moves the ref, with the SHAs git computes', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    expect(main.ref).toBe('refs/heads/main');
    const baseSha = main.object.sha;
    const { data: baseCommit } = await octokit.rest.git.getCommit({ ...repo, commit_sha: baseSha });
    expect(baseCommit.tree.sha).toBe(git.writeTree(INITIAL));
    await mirrorCommit(baseSha);

    const branch = 'infrabot/add-queue-orders';
    const { data: created } = await octokit.rest.git.createRef({
      ...repo,
      ref: `refs/heads/${branch}`,
      sha: baseSha,
    });
    expect(created.object.sha).toBe(baseSha);

    const { data: blob1 } = await octokit.rest.git.createBlob({
      ...repo,
      content: ORDERS,
      encoding: 'utf-8',
    });
    const { data: blob2 } = await octokit.rest.git.createBlob({
      ...repo,
      content: Buffer.from(ORDERS_DLQ).toString('base64'),
      encoding: 'base64',
    });
    expect(blob1.sha).toBe(git.hashBlob(ORDERS));
    expect(blob2.sha).toBe(git.hashBlob(ORDERS_DLQ));

    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      base_tree: baseCommit.tree.sha,
      tree: [
        { path: 'aws/queues/orders.tf', mode: '100644', type: 'blob', sha: blob1.sha },
        { path: 'aws/queues/orders-dlq.tf', mode: '100644', type: 'blob', sha: blob2.sha },
      ],
    });
    const allFiles = { ...INITIAL, 'aws/queues/orders.tf': ORDERS, 'aws/queues/orders-dlq.tf': ORDERS_DLQ };
    expect(tree.sha).toBe(git.writeTree(allFiles));
    expect(tree.tree.map((entry) => `${entry.mode} ${entry.type} ${entry.path}`)).toEqual([
      '100644 blob README.md',
      '040000 tree aws',
    ]);

    const message = 'Add queue orders\n\nRequested in Slack by @alice: /infra add queue orders';
    const { data: commit } = await octokit.rest.git.createCommit({
      ...repo,
      message,
      tree: tree.sha,
      parents: [baseSha],
      author: ALICE,
      committer: ALICE,
    });
    expect(commit.sha).toBe(git.commitTree(tree.sha, [baseSha], message, ALICE));
    expect(commit.author).toEqual({
      name: 'Alice',
      email: 'alice@example.com',
      date: '2024-05-01T03:00:00Z',
    });
    expect(commit.parents.map((p) => p.sha)).toEqual([baseSha]);

    const { data: moved } = await octokit.rest.git.updateRef({
      ...repo,
      ref: `heads/${branch}`,
      sha: commit.sha,
    });
    expect(moved.object.sha).toBe(commit.sha);
    expect(emulator.readFile(OWNER, REPO, branch, 'aws/queues/orders.tf')).toBe(ORDERS);
    expect(emulator.readFile(OWNER, REPO, 'main', 'aws/queues/orders.tf')).toBeUndefined();

    const { data: listed } = await octokit.rest.git.getTree({
      ...repo,
      tree_sha: tree.sha,
      recursive: 'true',
    });
    expect(listed.truncated).toBe(false);
    expect(listed.tree.map((e) => `${e.mode} ${e.type} ${e.sha}\t${e.path}`)).toEqual(
      git.run(['ls-tree', '-r', '-t', tree.sha]).split('\n'),
    );
    const { data: fetched } = await octokit.rest.git.getBlob({ ...repo, file_sha: blob2.sha });
    expect(Buffer.from(fetched.content, 'base64').toString('utf8')).toBe(ORDERS_DLQ);
    expect(fetched.size).toBe(Buffer.byteLength(ORDERS_DLQ));

    const { data: branchInfo } = await octokit.rest.repos.getBranch({ ...repo, branch });
    expect(branchInfo.name).toBe(branch);
    expect(branchInfo.commit.sha).toBe(commit.sha);
    const { data: repoCommit } = await octokit.rest.repos.getCommit({ ...repo, ref: branch });
    expect(repoCommit.sha).toBe(commit.sha);
    expect(repoCommit.files?.map((f) => [f.filename, f.status, f.additions])).toEqual([
      ['aws/queues/orders-dlq.tf', 'added', 3],
      ['aws/queues/orders.tf', 'added', 3],
    ]);

    const { data: matching } = await octokit.rest.git.listMatchingRefs({ ...repo, ref: 'heads/infrabot/' });
    expect(matching.map((r) => r.ref)).toEqual([`refs/heads/${branch}`]);
  });

  it('deletes paths with sha null, takes inline content and grafts subtrees', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: base } = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      base_tree: base.tree.sha,
      tree: [
        { path: 'aws/main.tf', mode: '100644', type: 'blob', sha: null },
        { path: 'docs/notes.md', mode: '100644', type: 'blob', content: 'notes\n' },
      ],
    });
    expect(tree.sha).toBe(git.writeTree({ 'README.md': '# infra\n', 'docs/notes.md': 'notes\n' }));

    const docsSha = tree.tree.find((entry) => entry.path === 'docs')!.sha!;
    const { data: grafted } = await octokit.rest.git.createTree({
      ...repo,
      tree: [{ path: 'archive/docs', mode: '040000', type: 'tree', sha: docsSha }],
    });
    expect(grafted.sha).toBe(git.writeTree({ 'archive/docs/notes.md': 'notes\n' }));
  });

  it('rejects malformed tree and commit input with GitHub 422s', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const missingBlob = 'f'.repeat(40);
    const bad = [
      [
        { path: '../escape', mode: '100644', type: 'blob', content: 'x' },
        'tree.path contains a malformed path component',
      ],
      [
        { path: 'x', mode: '100644', type: 'blob', sha: missingBlob },
        `tree.sha ${missingBlob} is not a valid blob`,
      ],
      [{ path: 'x', mode: '100644', type: 'blob' }, 'Must supply either tree.sha or tree.content'],
    ] as const;
    for (const [entry, message] of bad) {
      const error = await failure(octokit.rest.git.createTree({ ...repo, tree: [entry] }));
      expect(error.status).toBe(422);
      expect(error.data.message).toBe(message);
    }
    const baseTree = await failure(
      octokit.rest.git.createTree({ ...repo, base_tree: main.object.sha, tree: [] }),
    );
    expect(baseTree.message).toContain('base_tree is not a valid tree oid');
    const badMode = await failure(
      looseRequest(octokit, 'POST /repos/{owner}/{repo}/git/trees', {
        ...repo,
        tree: [{ path: 'x', mode: '100777', type: 'blob', content: 'x' }],
      }),
    );
    expect(badMode.status).toBe(422);
    expect(badMode.message).toContain("For 'properties/tree/items/0/properties/mode'");

    const badTree = await failure(
      octokit.rest.git.createCommit({ ...repo, message: 'm', tree: missingBlob }),
    );
    expect(badTree.status).toBe(422);
    expect(badTree.message).toContain('Tree SHA does not exist');
    const { data: commit } = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const badParent = await failure(
      octokit.rest.git.createCommit({ ...repo, message: 'm', tree: commit.tree.sha, parents: [missingBlob] }),
    );
    expect(badParent.message).toContain('Parent SHA does not exist or is not a commit object');
    const missingMessage = await failure(
      looseRequest(octokit, 'POST /repos/{owner}/{repo}/git/commits', { ...repo, tree: commit.tree.sha }),
    );
    expect(missingMessage.status).toBe(422);
    expect(missingMessage.message).toContain('"message" wasn\'t supplied.');
  });
});

describe('references', () => {
  it('refuses an existing ref, a non-fast-forward move, and unknown objects', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const exists = await failure(
      octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/main', sha: main.object.sha }),
    );
    expect(exists.status).toBe(422);
    expect(exists.data).toMatchObject({
      message: 'Reference already exists',
      documentation_url: 'https://docs.github.com/rest/git/refs#create-a-reference',
    });

    // A sibling commit on top of main's parent-less root is not a descendant of main's tip.
    const { data: base } = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const { data: ahead } = await octokit.rest.git.createCommit({
      ...repo,
      message: 'ahead',
      tree: base.tree.sha,
      parents: [main.object.sha],
    });
    const { data: sideways } = await octokit.rest.git.createCommit({
      ...repo,
      message: 'orphan',
      tree: base.tree.sha,
    });
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/ff-test', sha: main.object.sha });
    await octokit.rest.git.updateRef({ ...repo, ref: 'heads/ff-test', sha: ahead.sha });
    const nonFf = await failure(
      octokit.rest.git.updateRef({ ...repo, ref: 'heads/ff-test', sha: sideways.sha }),
    );
    expect(nonFf.status).toBe(422);
    expect(nonFf.message).toContain('Update is not a fast forward');
    const { data: forced } = await octokit.rest.git.updateRef({
      ...repo,
      ref: 'heads/ff-test',
      sha: sideways.sha,
      force: true,
    });
    expect(forced.object.sha).toBe(sideways.sha);

    const unknown = await failure(
      octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/x', sha: 'a'.repeat(40) }),
    );
    expect(unknown.message).toContain('Object does not exist');
    const unqualified = await failure(
      octokit.rest.git.createRef({ ...repo, ref: 'heads/x', sha: main.object.sha }),
    );
    expect(unqualified.status).toBe(422);
    const badName = await failure(
      octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/a..b', sha: main.object.sha }),
    );
    expect(badName.message).toContain('is not a valid ref name');
    const missing = await failure(
      octokit.rest.git.updateRef({ ...repo, ref: 'heads/nope', sha: main.object.sha }),
    );
    expect(missing.message).toContain('Reference does not exist');
  });

  it('deletes refs and then reports them missing', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/short-lived', sha: main.object.sha });
    const deleted = await octokit.rest.git.deleteRef({ ...repo, ref: 'heads/short-lived' });
    expect(deleted.status).toBe(204);
    expect((await failure(octokit.rest.git.getRef({ ...repo, ref: 'heads/short-lived' }))).status).toBe(404);
    const again = await failure(octokit.rest.git.deleteRef({ ...repo, ref: 'heads/short-lived' }));
    expect(again.status).toBe(422);
    expect(
      (await failure(octokit.rest.repos.getBranch({ ...repo, branch: 'short-lived' }))).message,
    ).toContain('Branch not found');
    const noCommit = await failure(octokit.rest.repos.getCommit({ ...repo, ref: 'no-such-ref' }));
    expect(noCommit.status).toBe(422);
    expect(noCommit.message).toContain('No commit found for SHA: no-such-ref');
  });
});
