import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeCommit,
  decodeTree,
  EMPTY_TREE_SHA,
  encodeCommit,
  encodeTree,
  hashObject,
  ObjectStore,
  type TreeEntry,
} from '../../../sandbox/emulators/github/git-objects.js';
import { commitsBetween, isAncestor, mergeBase } from '../../../sandbox/emulators/github/history.js';
import { buildTree, flattenTree, listTree, mergeTrees } from '../../../sandbox/emulators/github/tree-ops.js';
import { ScratchGit } from './helpers.js';

const git = new ScratchGit();
afterAll(() => git.dispose());

describe('git object hashing matches git itself', () => {
  it('hashes blobs, including empty and binary ones, like `git hash-object`', () => {
    const samples = [
      Buffer.from('hello\n'),
      Buffer.alloc(0),
      Buffer.from([0, 255, 10, 13, 0x80]),
      Buffer.from('日本語'),
    ];
    for (const sample of samples) expect(hashObject('blob', sample)).toBe(git.hashBlob(sample));
  });

  it('knows the empty tree', () => {
    expect(new ObjectStore().putTree([])).toBe(EMPTY_TREE_SHA);
    expect(git.run(['mktree'], '')).toBe(EMPTY_TREE_SHA);
  });

  it('encodes trees in git binary format and sort order (subtrees sort as "name/")', () => {
    const blob = git.hashBlob('x');
    const sub = git.run(['mktree'], `100644 blob ${blob}\tinner\n`);
    // "a-b" < "a.b" < "a/" < "a0" bytewise: the directory named "a" sorts between them.
    const entries: TreeEntry[] = [
      { mode: '100644', name: 'a0', sha: blob },
      { mode: '40000', name: 'a', sha: sub },
      { mode: '100755', name: 'a.b', sha: blob },
      { mode: '100644', name: 'a-b', sha: blob },
      { mode: '120000', name: 'link', sha: blob },
    ];
    const mktreeInput = entries
      .map(
        (e) =>
          `${e.mode === '40000' ? '040000' : e.mode} ${e.mode === '40000' ? 'tree' : 'blob'} ${e.sha}\t${e.name}`,
      )
      .join('\n');
    const expected = git.run(['mktree'], `${mktreeInput}\n`);
    const body = encodeTree(entries);
    expect(hashObject('tree', body)).toBe(expected);
    expect(decodeTree(body).map((e) => e.name)).toEqual(['a-b', 'a.b', 'a', 'a0', 'link']);
  });

  it('encodes commits like `git commit-tree`, offsets and multi-line messages included', () => {
    const tree = git.writeTree({ 'README.md': '# infra\n' });
    const parent = git.commitTree(tree, [], 'root', {
      name: 'Root',
      email: 'root@example.com',
      date: '2024-01-01T00:00:00Z',
    });
    const message = 'Add queue orders\n\nRequested in Slack by @alice';
    const expected = git.commitTree(tree, [parent], message, {
      name: 'Alice',
      email: 'alice@example.com',
      date: '2024-05-01T12:00:00+09:00',
    });
    const person = { name: 'Alice', email: 'alice@example.com', timestamp: 1714532400, tz: '+0900' };
    const body = encodeCommit({ tree, parents: [parent], author: person, committer: person, message });
    expect(hashObject('commit', body)).toBe(expected);
    expect(decodeCommit(body)).toEqual({
      tree,
      parents: [parent],
      author: person,
      committer: person,
      message,
    });
  });

  it('round-trips a signed commit header', () => {
    const person = { name: 'A', email: 'a@example.com', timestamp: 1, tz: '-0130' };
    const signature = '-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----';
    const commit = {
      tree: EMPTY_TREE_SHA,
      parents: [],
      author: person,
      committer: person,
      message: 'm',
      signature,
    };
    expect(decodeCommit(encodeCommit(commit))).toEqual(commit);
  });

  it('rejects corrupt tree bytes instead of misreading them', () => {
    expect(() => decodeTree(Buffer.from('100644 name'))).toThrow(/corrupt tree/);
  });
});

describe('tree operations and history', () => {
  const store = new ObjectStore();
  const blob = (text: string) => store.putBlob(Buffer.from(text));
  const person = { name: 'T', email: 't@example.com', timestamp: 1_700_000_000, tz: '+0000' };
  const commit = (tree: string, parents: string[], timestamp = person.timestamp) =>
    store.putCommit({ tree, parents, author: person, committer: { ...person, timestamp }, message: 'c' });

  it('builds nested trees identical to git write-tree and flattens them back', () => {
    const files = {
      'aws/queues/orders.tf': 'resource {}\n',
      'aws/main.tf': 'provider {}\n',
      'README.md': 'hi\n',
    };
    const flat = new Map(
      Object.entries(files).map(([path, text]) => [path, { mode: '100644' as const, sha: blob(text) }]),
    );
    const sha = buildTree(store, flat);
    expect(sha).toBe(git.writeTree(files));
    expect([...flattenTree(store, sha).keys()].sort()).toEqual(Object.keys(files).sort());
    // Same entries in the same order as `git ls-tree -r -t` (subtree listed before its contents).
    expect(listTree(store, sha, true).map((e) => `${e.type} ${e.sha}\t${e.path}`)).toEqual(
      git
        .run(['ls-tree', '-r', '-t', sha])
        .split('\n')
        .map((line) => line.slice(line.indexOf(' ') + 1)),
    );
  });

  it('answers ancestry, merge base and commit ranges', () => {
    const t1 = buildTree(store, new Map([['a', { mode: '100644', sha: blob('1') }]]));
    const root = commit(t1, [], 1);
    const left = commit(t1, [root], 2);
    const right = commit(t1, [root], 3);
    const merge = commit(t1, [left, right], 4);
    expect(isAncestor(store, root, merge)).toBe(true);
    expect(isAncestor(store, merge, root)).toBe(false);
    expect(isAncestor(store, left, right)).toBe(false);
    expect(mergeBase(store, left, right)).toBe(root);
    expect(commitsBetween(store, left, merge)).toEqual([right, merge]);
  });

  it('merges trees file by file and reports conflicting paths', () => {
    const tree = (files: Record<string, string>) =>
      buildTree(
        store,
        new Map(Object.entries(files).map(([p, t]) => [p, { mode: '100644' as const, sha: blob(t) }])),
      );
    const base = tree({ a: '1', b: '1' });
    const ours = tree({ a: '2', b: '1' });
    const theirs = tree({ a: '1', b: '1', c: '3' });
    expect(mergeTrees(store, base, ours, theirs)).toEqual({
      clean: true,
      tree: tree({ a: '2', b: '1', c: '3' }),
    });
    expect(mergeTrees(store, base, ours, tree({ a: '3', b: '1' }))).toEqual({
      clean: false,
      conflicts: ['a'],
    });
  });
});
