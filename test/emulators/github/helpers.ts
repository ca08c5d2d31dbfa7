import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Octokit } from 'octokit';

/** Shared fixtures for the GitHub emulator tests. */

export const OWNER = 'acme';
export const REPO = 'infra';

/** Octokit as infrabot would build it, with retries and throttling off so errors surface at once. */
export function octokitFor(baseUrl: string, auth = 'test-token'): Octokit {
  return new Octokit({
    auth,
    baseUrl,
    request: { retries: 0 },
    throttle: { enabled: false },
    retry: { enabled: false },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

export interface ApiFailure {
  status: number;
  /** octokit's message: GitHub's `message`, `errors` and `documentation_url` folded together. */
  message: string;
  /** The response body as GitHub sent it. */
  data: { message?: string; documentation_url?: string; errors?: unknown[] } & Record<string, unknown>;
  headers: Record<string, string | number | undefined>;
}

/** Runs an octokit call that must fail and returns what the RequestError carried. */
export async function failure(call: Promise<unknown>): Promise<ApiFailure> {
  try {
    await call;
  } catch (error) {
    const { status, message, response } = error as {
      status: number;
      message: string;
      response?: { data: ApiFailure['data']; headers: ApiFailure['headers'] };
    };
    return { status, message, data: response?.data ?? {}, headers: response?.headers ?? {} };
  }
  throw new Error('expected the request to fail');
}

/** For deliberately invalid requests that octokit's types would (rightly) refuse to compile. */
export function looseRequest(
  octokit: Octokit,
  route: string,
  params: Record<string, unknown>,
): Promise<unknown> {
  return octokit.request(route, params);
}

/** A scratch git repository with a fixed identity and dates, so SHAs are reproducible. */
export class ScratchGit {
  readonly dir = mkdtempSync(join(tmpdir(), 'gh-emulator-'));

  constructor() {
    this.run(['init', '-q']);
  }

  run(args: string[], input?: string | Buffer, env: Record<string, string> = {}): string {
    return execFileSync('git', args, {
      cwd: this.dir,
      input,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: this.dir, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
      .toString('utf8')
      .trim();
  }

  hashBlob(content: string | Buffer): string {
    return this.run(['hash-object', '-w', '--stdin'], content);
  }

  /** Builds a (nested) tree from path → content through git's own index, in three git calls. */
  writeTree(files: Record<string, string>): string {
    const scratch = mkdtempSync(join(this.dir, 'files-'));
    const paths = Object.keys(files);
    const onDisk = paths.map((path, i) => {
      const file = join(scratch, String(i));
      writeFileSync(file, files[path]!);
      return file;
    });
    const shas = this.run(['hash-object', '-w', '--', ...onDisk]).split('\n');
    const index = join(scratch, 'index');
    const info = paths.map((path, i) => `100644 ${shas[i]}\t${path}\n`).join('');
    this.run(['update-index', '--add', '--index-info'], info, { GIT_INDEX_FILE: index });
    return this.run(['write-tree'], undefined, { GIT_INDEX_FILE: index });
  }

  commitTree(
    tree: string,
    parents: string[],
    message: string,
    who: { name: string; email: string; date: string },
  ): string {
    const args = ['commit-tree', tree, ...parents.flatMap((parent) => ['-p', parent])];
    return this.run(args, message, {
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_AUTHOR_DATE: who.date,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      GIT_COMMITTER_DATE: who.date,
    });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Commits files onto `branch` (created from `from` when missing) through the git data API, the way
 * infrabot does: blobs → tree on the tip's tree → commit → move or create the ref.
 */
export async function commitFiles(
  octokit: ReturnType<typeof octokitFor>,
  target: { owner: string; repo: string; branch: string; from?: string },
  files: Record<string, string>,
  message = 'change',
): Promise<string> {
  const { owner, repo, branch } = target;
  let parent: string;
  let exists = true;
  try {
    parent = (await octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha;
  } catch {
    exists = false;
    parent = (await octokit.rest.git.getRef({ owner, repo, ref: `heads/${target.from ?? 'main'}` })).data
      .object.sha;
  }
  const { data: parentCommit } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: parent });
  const { data: tree } = await octokit.rest.git.createTree({
    owner,
    repo,
    base_tree: parentCommit.tree.sha,
    tree: Object.entries(files).map(([path, content]) => ({
      path,
      mode: '100644' as const,
      type: 'blob' as const,
      content,
    })),
  });
  const { data: commit } = await octokit.rest.git.createCommit({
    owner,
    repo,
    message,
    tree: tree.sha,
    parents: [parent],
  });
  if (exists) await octokit.rest.git.updateRef({ owner, repo, ref: `heads/${branch}`, sha: commit.sha });
  else await octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: commit.sha });
  return commit.sha;
}
