import { entryType, type GitMode, type ObjectStore, type TreeEntry } from './git-objects.js';

/**
 * Tree manipulation on top of the object store. Edits work on a "flat" view (path → leaf entry),
 * then rebuild nested trees bottom-up, which is how git itself writes an index out as trees.
 */

export interface FlatEntry {
  mode: GitMode;
  sha: string;
}

export type FlatTree = Map<string, FlatEntry>;

export interface ListedEntry {
  path: string;
  mode: GitMode;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}

export class PathConflictError extends Error {
  constructor(readonly path: string) {
    super(`path ${path} is both a file and a directory`);
  }
}

/** Path components git refuses to store (and GitHub rejects as malformed). */
export function isValidPath(path: string): boolean {
  if (path.length === 0 || path.startsWith('/') || path.endsWith('/')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && part !== '.git');
}

export function flattenTree(
  store: ObjectStore,
  treeSha: string,
  prefix = '',
  into: FlatTree = new Map(),
): FlatTree {
  const entries = store.tree(treeSha);
  if (!entries) throw new Error(`tree ${treeSha} is missing`);
  for (const entry of entries) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.mode === '40000') flattenTree(store, entry.sha, path, into);
    else into.set(path, { mode: entry.mode, sha: entry.sha });
  }
  return into;
}

interface DirNode {
  files: Map<string, FlatEntry>;
  dirs: Map<string, DirNode>;
}

function newDir(): DirNode {
  return { files: new Map(), dirs: new Map() };
}

/** Writes the nested trees for a flat view and returns the root tree SHA. */
export function buildTree(store: ObjectStore, flat: FlatTree): string {
  const root = newDir();
  for (const [path, entry] of flat) {
    const parts = path.split('/');
    const name = parts.pop()!;
    let dir = root;
    let walked = '';
    for (const part of parts) {
      walked = walked === '' ? part : `${walked}/${part}`;
      if (dir.files.has(part)) throw new PathConflictError(walked);
      let next = dir.dirs.get(part);
      if (!next) {
        next = newDir();
        dir.dirs.set(part, next);
      }
      dir = next;
    }
    if (dir.dirs.has(name)) throw new PathConflictError(path);
    dir.files.set(name, entry);
  }
  return writeDir(store, root);
}

function writeDir(store: ObjectStore, dir: DirNode): string {
  const entries: TreeEntry[] = [];
  for (const [name, entry] of dir.files) entries.push({ name, mode: entry.mode, sha: entry.sha });
  for (const [name, child] of dir.dirs) entries.push({ name, mode: '40000', sha: writeDir(store, child) });
  return store.putTree(entries);
}

/** Removes `path` and, if it is a directory, everything under it. */
export function removePath(flat: FlatTree, path: string): void {
  flat.delete(path);
  const prefix = `${path}/`;
  for (const key of [...flat.keys()]) if (key.startsWith(prefix)) flat.delete(key);
}

/**
 * Places a leaf at `path`, evicting whatever occupied the same spot: a directory of that name, or a
 * file where one of its parent directories must now be.
 */
export function setLeaf(flat: FlatTree, path: string, entry: FlatEntry): void {
  removePath(flat, path);
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) flat.delete(parts.slice(0, i).join('/'));
  flat.set(path, entry);
}

/** Grafts an existing tree object at `path`. */
export function setSubtree(store: ObjectStore, flat: FlatTree, path: string, treeSha: string): void {
  removePath(flat, path);
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) flat.delete(parts.slice(0, i).join('/'));
  flattenTree(store, treeSha, path, flat);
}

export function lookupPath(store: ObjectStore, treeSha: string, path: string): ListedEntry | undefined {
  if (path === '') return { path: '', mode: '40000', type: 'tree', sha: treeSha };
  let current: ListedEntry = { path: '', mode: '40000', type: 'tree', sha: treeSha };
  for (const part of path.split('/')) {
    if (current.type !== 'tree') return undefined;
    const entry = store.tree(current.sha)?.find((candidate) => candidate.name === part);
    if (!entry) return undefined;
    const fullPath = current.path === '' ? part : `${current.path}/${part}`;
    current = { path: fullPath, mode: entry.mode, type: entryType(entry.mode), sha: entry.sha };
  }
  return current;
}

/**
 * The entries of a tree, in git's order. With `recursive`, everything below it in
 * `git ls-tree -r -t` order: a subtree comes just before its contents.
 */
export function listTree(
  store: ObjectStore,
  treeSha: string,
  recursive: boolean,
  prefix = '',
): ListedEntry[] {
  const result: ListedEntry[] = [];
  for (const entry of store.tree(treeSha) ?? []) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    const type = entryType(entry.mode);
    result.push({ path, mode: entry.mode, type, sha: entry.sha });
    if (recursive && type === 'tree') result.push(...listTree(store, entry.sha, true, path));
  }
  return result;
}

export interface TreeChange {
  path: string;
  status: 'added' | 'removed' | 'modified';
  before?: FlatEntry;
  after?: FlatEntry;
}

export function diffTrees(
  store: ObjectStore,
  beforeTree: string | undefined,
  afterTree: string,
): TreeChange[] {
  const before = beforeTree ? flattenTree(store, beforeTree) : new Map<string, FlatEntry>();
  const after = flattenTree(store, afterTree);
  const changes: TreeChange[] = [];
  for (const [path, entry] of after) {
    const old = before.get(path);
    if (!old) changes.push({ path, status: 'added', after: entry });
    else if (old.sha !== entry.sha || old.mode !== entry.mode)
      changes.push({ path, status: 'modified', before: old, after: entry });
  }
  for (const [path, entry] of before)
    if (!after.has(path)) changes.push({ path, status: 'removed', before: entry });
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function sameEntry(a: FlatEntry | undefined, b: FlatEntry | undefined): boolean {
  if (!a || !b) return a === b;
  return a.sha === b.sha && a.mode === b.mode;
}

export type MergeOutcome = { clean: true; tree: string } | { clean: false; conflicts: string[] };

/**
 * A file-level three-way merge: a path changed on one side only takes that side; a path changed
 * identically on both sides is fine; anything else is a conflict. Content-level (hunk) merging is
 * deliberately not attempted, so two edits to different lines of one file count as a conflict.
 */
export function mergeTrees(
  store: ObjectStore,
  baseTree: string,
  oursTree: string,
  theirsTree: string,
): MergeOutcome {
  const base = flattenTree(store, baseTree);
  const ours = flattenTree(store, oursTree);
  const theirs = flattenTree(store, theirsTree);
  const merged: FlatTree = new Map();
  const conflicts: string[] = [];
  for (const path of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const b = base.get(path);
    const o = ours.get(path);
    const t = theirs.get(path);
    let result: FlatEntry | undefined;
    if (sameEntry(o, t)) result = o;
    else if (sameEntry(o, b)) result = t;
    else if (sameEntry(t, b)) result = o;
    else {
      conflicts.push(path);
      continue;
    }
    if (result) merged.set(path, result);
  }
  if (conflicts.length > 0) return { clean: false, conflicts: conflicts.sort() };
  try {
    return { clean: true, tree: buildTree(store, merged) };
  } catch (error) {
    if (error instanceof PathConflictError) return { clean: false, conflicts: [error.path] };
    throw error;
  }
}
