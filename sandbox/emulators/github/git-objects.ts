import { createHash } from 'node:crypto';

/**
 * Git's object model, byte for byte: every object is stored as `"<type> <len>\0<body>"` and named
 * by the SHA-1 of that, so the SHAs this emulator hands out are the ones `git hash-object` would
 * compute for the same content. Tests rely on that to compare against a real git repository.
 */

export type ObjectType = 'blob' | 'tree' | 'commit';

/** Modes exactly as git writes them inside tree objects (no leading zero for trees). */
export type GitMode = '100644' | '100755' | '120000' | '160000' | '40000';

export interface TreeEntry {
  mode: GitMode;
  name: string;
  sha: string;
}

export interface GitPerson {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** Git's `+hhmm` / `-hhmm` offset. */
  tz: string;
}

export interface CommitData {
  tree: string;
  parents: string[];
  author: GitPerson;
  committer: GitPerson;
  message: string;
  /** An armored signature, written as git's multi-line `gpgsig` header. */
  signature?: string;
}

export interface StoredObject {
  type: ObjectType;
  body: Buffer;
}

export const EMPTY_TREE_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export function hashObject(type: ObjectType, body: Buffer): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
}

export function entryType(mode: GitMode): 'blob' | 'tree' | 'commit' {
  if (mode === '40000') return 'tree';
  if (mode === '160000') return 'commit';
  return 'blob';
}

/**
 * Git orders tree entries by name as raw bytes, comparing a subtree as if its name ended in `/`.
 * Getting this wrong silently changes every tree SHA, so it lives in one place.
 */
function sortKey(entry: TreeEntry): Buffer {
  return Buffer.from(entry.mode === '40000' ? `${entry.name}/` : entry.name, 'utf8');
}

export function sortTreeEntries(entries: TreeEntry[]): TreeEntry[] {
  return [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)));
}

export function encodeTree(entries: TreeEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of sortTreeEntries(entries)) {
    parts.push(Buffer.from(`${entry.mode} ${entry.name}\0`, 'utf8'), Buffer.from(entry.sha, 'hex'));
  }
  return Buffer.concat(parts);
}

const KNOWN_MODES = new Set<string>(['100644', '100755', '120000', '160000', '40000']);

export function decodeTree(body: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    const nul = body.indexOf(0x00, space + 1);
    if (space < 0 || nul < 0 || nul + 21 > body.length) throw new Error('corrupt tree object');
    const mode = body.toString('utf8', offset, space);
    if (!KNOWN_MODES.has(mode)) throw new Error(`corrupt tree object: mode ${mode}`);
    entries.push({
      mode: mode as GitMode,
      name: body.toString('utf8', space + 1, nul),
      sha: body.toString('hex', nul + 1, nul + 21),
    });
    offset = nul + 21;
  }
  return entries;
}

function formatPerson(person: GitPerson): string {
  return `${person.name} <${person.email}> ${person.timestamp} ${person.tz}`;
}

export function encodeCommit(commit: CommitData): Buffer {
  const lines = [`tree ${commit.tree}`];
  for (const parent of commit.parents) lines.push(`parent ${parent}`);
  lines.push(`author ${formatPerson(commit.author)}`, `committer ${formatPerson(commit.committer)}`);
  if (commit.signature !== undefined) {
    // Continuation lines of a multi-line header start with one space.
    lines.push(`gpgsig ${commit.signature.replace(/\n/g, '\n ')}`);
  }
  return Buffer.from(`${lines.join('\n')}\n\n${commit.message}`, 'utf8');
}

const PERSON_PATTERN = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/;

function parsePerson(value: string): GitPerson {
  const match = PERSON_PATTERN.exec(value);
  if (!match) throw new Error(`corrupt commit object: person "${value}"`);
  return { name: match[1]!, email: match[2]!, timestamp: Number(match[3]), tz: match[4]! };
}

export function decodeCommit(body: Buffer): CommitData {
  const text = body.toString('utf8');
  const headerEnd = text.indexOf('\n\n');
  const header = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const message = headerEnd < 0 ? '' : text.slice(headerEnd + 2);
  const parents: string[] = [];
  let tree: string | undefined;
  let author: GitPerson | undefined;
  let committer: GitPerson | undefined;
  let signature: string | undefined;
  let lastKey = '';
  for (const line of header.split('\n')) {
    if (line.startsWith(' ') && lastKey === 'gpgsig' && signature !== undefined) {
      signature += `\n${line.slice(1)}`;
      continue;
    }
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    lastKey = key;
    if (key === 'tree') tree = value;
    else if (key === 'parent') parents.push(value);
    else if (key === 'author') author = parsePerson(value);
    else if (key === 'committer') committer = parsePerson(value);
    else if (key === 'gpgsig') signature = value;
  }
  if (!tree || !author || !committer) throw new Error('corrupt commit object: missing header');
  return { tree, parents, author, committer, message, ...(signature !== undefined ? { signature } : {}) };
}

/**
 * A content-addressed object database. Parsed trees and commits are cached because the API reads
 * the same few objects over and over (every PR view walks history).
 */
export class ObjectStore {
  private readonly objects = new Map<string, StoredObject>();
  private readonly parsedTrees = new Map<string, TreeEntry[]>();
  private readonly parsedCommits = new Map<string, CommitData>();

  put(type: ObjectType, body: Buffer): string {
    const sha = hashObject(type, body);
    if (!this.objects.has(sha)) this.objects.set(sha, { type, body });
    return sha;
  }

  putBlob(content: Buffer): string {
    return this.put('blob', content);
  }

  putTree(entries: TreeEntry[]): string {
    return this.put('tree', encodeTree(entries));
  }

  putCommit(commit: CommitData): string {
    return this.put('commit', encodeCommit(commit));
  }

  get(sha: string): StoredObject | undefined {
    return this.objects.get(sha);
  }

  typeOf(sha: string): ObjectType | undefined {
    return this.objects.get(sha)?.type;
  }

  blob(sha: string): Buffer | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'blob' ? object.body : undefined;
  }

  tree(sha: string): TreeEntry[] | undefined {
    const cached = this.parsedTrees.get(sha);
    if (cached) return cached;
    const object = this.objects.get(sha);
    if (object?.type !== 'tree') return undefined;
    const entries = decodeTree(object.body);
    this.parsedTrees.set(sha, entries);
    return entries;
  }

  commit(sha: string): CommitData | undefined {
    const cached = this.parsedCommits.get(sha);
    if (cached) return cached;
    const object = this.objects.get(sha);
    if (object?.type !== 'commit') return undefined;
    const commit = decodeCommit(object.body);
    this.parsedCommits.set(sha, commit);
    return commit;
  }

  /** Full SHAs starting with `prefix` (git accepts abbreviations of 4+ hex digits). */
  findByPrefix(prefix: string): string[] {
    const matches: string[] = [];
    for (const sha of this.objects.keys()) if (sha.startsWith(prefix)) matches.push(sha);
    return matches;
  }
}
