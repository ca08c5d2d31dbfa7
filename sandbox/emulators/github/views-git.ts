import { changeStats } from './diff-stats.js';
import type { CommitData, GitMode, GitPerson } from './git-objects.js';
import type { EmulatorState, Repository } from './repo-store.js';
import { diffTrees, type ListedEntry } from './tree-ops.js';
import { iso, type Links, nodeId, userView, wrappedBase64 } from './views-core.js';

/** Representations of git data: refs, blobs, trees, commits, branches and contents entries. */

/** The API spells the tree mode with a leading zero; inside tree objects git does not. */
export function apiMode(mode: GitMode): string {
  return mode === '40000' ? '040000' : mode;
}

function repoUrl(links: Links, repo: Repository): string {
  return `${links.api}/repos/${repo.fullName}`;
}

function personView(person: GitPerson): Record<string, unknown> {
  return { name: person.name, email: person.email, date: iso(new Date(person.timestamp * 1000)) };
}

const UNSIGNED = { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };

function verification(commit: CommitData): Record<string, unknown> {
  if (commit.signature === undefined) return UNSIGNED;
  // Signatures are stored faithfully but never checked against a key.
  return {
    verified: false,
    reason: 'unknown_key',
    signature: commit.signature,
    payload: null,
    verified_at: null,
  };
}

export function refView(links: Links, repo: Repository, name: string, sha: string): Record<string, unknown> {
  const type = repo.objects.typeOf(sha) ?? 'commit';
  return {
    ref: name,
    node_id: nodeId('REF', `${repo.id}:${name}`),
    url: `${repoUrl(links, repo)}/git/${name.split('/').map(encodeURIComponent).join('/')}`,
    object: { sha, type, url: `${repoUrl(links, repo)}/git/${type}s/${sha}` },
  };
}

export function blobView(
  links: Links,
  repo: Repository,
  sha: string,
  content: Buffer,
): Record<string, unknown> {
  return {
    sha,
    node_id: nodeId('B', sha),
    size: content.length,
    url: `${repoUrl(links, repo)}/git/blobs/${sha}`,
    content: wrappedBase64(content),
    encoding: 'base64',
  };
}

export function treeEntryView(links: Links, repo: Repository, entry: ListedEntry): Record<string, unknown> {
  const base = { path: entry.path, mode: apiMode(entry.mode), type: entry.type, sha: entry.sha };
  if (entry.type === 'blob') {
    return {
      ...base,
      size: repo.objects.blob(entry.sha)?.length ?? 0,
      url: `${repoUrl(links, repo)}/git/blobs/${entry.sha}`,
    };
  }
  if (entry.type === 'tree') return { ...base, url: `${repoUrl(links, repo)}/git/trees/${entry.sha}` };
  return base;
}

export function treeView(
  links: Links,
  repo: Repository,
  sha: string,
  entries: ListedEntry[],
): Record<string, unknown> {
  return {
    sha,
    url: `${repoUrl(links, repo)}/git/trees/${sha}`,
    tree: entries.map((entry) => treeEntryView(links, repo, entry)),
    truncated: false,
  };
}

function parentsView(links: Links, repo: Repository, commit: CommitData, kind: 'git' | 'repo'): unknown[] {
  return commit.parents.map((parent) => ({
    sha: parent,
    url:
      kind === 'git'
        ? `${repoUrl(links, repo)}/git/commits/${parent}`
        : `${repoUrl(links, repo)}/commits/${parent}`,
    html_url: `${links.html}/${repo.fullName}/commit/${parent}`,
  }));
}

/** The git-data view (`/git/commits`). */
export function gitCommitView(
  links: Links,
  repo: Repository,
  sha: string,
  commit: CommitData,
): Record<string, unknown> {
  return {
    sha,
    node_id: nodeId('C', sha),
    url: `${repoUrl(links, repo)}/git/commits/${sha}`,
    html_url: `${links.html}/${repo.fullName}/commit/${sha}`,
    author: personView(commit.author),
    committer: personView(commit.committer),
    tree: { sha: commit.tree, url: `${repoUrl(links, repo)}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: parentsView(links, repo, commit, 'git'),
    verification: verification(commit),
  };
}

/** The repository view (`/commits/{ref}`, branch `commit`), optionally with changed files. */
export function repoCommitView(
  links: Links,
  state: EmulatorState,
  repo: Repository,
  sha: string,
  commit: CommitData,
  withFiles: boolean,
): Record<string, unknown> {
  const author = state.userByEmail(commit.author.email);
  const committer = state.userByEmail(commit.committer.email);
  const view: Record<string, unknown> = {
    sha,
    node_id: nodeId('C', sha),
    commit: {
      author: personView(commit.author),
      committer: personView(commit.committer),
      message: commit.message,
      tree: { sha: commit.tree, url: `${repoUrl(links, repo)}/git/trees/${commit.tree}` },
      url: `${repoUrl(links, repo)}/git/commits/${sha}`,
      comment_count: 0,
      verification: verification(commit),
    },
    url: `${repoUrl(links, repo)}/commits/${sha}`,
    html_url: `${links.html}/${repo.fullName}/commit/${sha}`,
    comments_url: `${repoUrl(links, repo)}/commits/${sha}/comments`,
    author: author ? userView(links, author) : null,
    committer: committer ? userView(links, committer) : null,
    parents: parentsView(links, repo, commit, 'repo'),
  };
  if (!withFiles) return view;
  // Like GitHub, a commit's files are its diff against the first parent.
  const firstParent = commit.parents[0] ? repo.objects.commit(commit.parents[0]) : undefined;
  const files = diffTrees(repo.objects, firstParent?.tree, commit.tree).map((change) => {
    const stats = changeStats(repo.objects, change);
    const path = change.path;
    return {
      sha: (change.after ?? change.before)?.sha,
      filename: path,
      status: change.status,
      additions: stats.additions,
      deletions: stats.deletions,
      changes: stats.additions + stats.deletions,
      blob_url: `${links.html}/${repo.fullName}/blob/${sha}/${path}`,
      raw_url: `${links.html}/${repo.fullName}/raw/${sha}/${path}`,
      contents_url: `${repoUrl(links, repo)}/contents/${path}?ref=${sha}`,
    };
  });
  const additions = files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
  return { ...view, stats: { total: additions + deletions, additions, deletions }, files };
}

export function branchView(
  links: Links,
  state: EmulatorState,
  repo: Repository,
  branch: string,
  sha: string,
  commit: CommitData,
): Record<string, unknown> {
  const url = `${repoUrl(links, repo)}/branches/${encodeURIComponent(branch)}`;
  return {
    name: branch,
    commit: repoCommitView(links, state, repo, sha, commit, false),
    _links: { self: url, html: `${links.html}/${repo.fullName}/tree/${branch}` },
    protected: false,
    protection: {
      enabled: false,
      required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] },
    },
    protection_url: `${url}/protection`,
  };
}

function contentType(entry: ListedEntry): 'file' | 'dir' | 'symlink' | 'submodule' {
  if (entry.type === 'tree') return 'dir';
  if (entry.type === 'commit') return 'submodule';
  return entry.mode === '120000' ? 'symlink' : 'file';
}

/** One entry of the contents API; pass `content` to embed the file body (single-file responses). */
export function contentView(
  links: Links,
  repo: Repository,
  ref: string,
  entry: ListedEntry,
  content?: Buffer,
): Record<string, unknown> {
  const type = contentType(entry);
  const name = entry.path.split('/').pop() ?? '';
  const encodedPath = entry.path.split('/').map(encodeURIComponent).join('/');
  const self = `${repoUrl(links, repo)}/contents/${encodedPath}?ref=${encodeURIComponent(ref)}`;
  const gitUrl =
    type === 'dir'
      ? `${repoUrl(links, repo)}/git/trees/${entry.sha}`
      : type === 'submodule'
        ? null
        : `${repoUrl(links, repo)}/git/blobs/${entry.sha}`;
  const html = `${links.html}/${repo.fullName}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${entry.path}`;
  const size = entry.type === 'blob' ? (repo.objects.blob(entry.sha)?.length ?? 0) : 0;
  const view: Record<string, unknown> = {
    type,
    size,
    name,
    path: entry.path,
    sha: entry.sha,
    url: self,
    git_url: gitUrl,
    html_url: html,
    download_url:
      type === 'file' || type === 'symlink'
        ? `${links.api}/_emulator/raw/${repo.fullName}/${encodeURIComponent(ref)}/${encodedPath}`
        : null,
    _links: { self, git: gitUrl, html },
  };
  if (content !== undefined) {
    view['encoding'] = 'base64';
    view['content'] = wrappedBase64(content);
    if (type === 'symlink') view['target'] = content.toString('utf8');
  }
  return view;
}
