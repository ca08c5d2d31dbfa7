import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppRegistry, type EmulatedApp } from './app-auth.js';
import { TokenRegistry } from './auth.js';
import {
  type CheckRunInput,
  type CommitStatusInput,
  type ControlMergeOptions,
  EmulatorControl,
  type PullSummary,
  type PushInput,
  type RepoSummary,
  type ReviewInput,
} from './control.js';
import { FaultInjector, type FaultSpec } from './faults.js';
import { ContentCreationLimit, PrimaryRateLimit } from './rate-limit.js';
import { type CreateRepoInput, EmulatorState } from './repo-store.js';
import { type Route, Router } from './router.js';
import { checkRoutes } from './routes/checks.js';
import { contentRoutes } from './routes/contents.js';
import { gitDataRoutes } from './routes/git-data.js';
import { gitRefRoutes } from './routes/git-refs.js';
import { issueRoutes } from './routes/issues.js';
import { pullRoutes } from './routes/pulls.js';
import { repoRoutes } from './routes/repos.js';
import { reviewRoutes } from './routes/reviews.js';
import { createRequestHandler, type RequestLogEntry } from './server.js';
import type { Links } from './views-core.js';

/**
 * A stateful GitHub REST emulator backed by a real in-memory git object database, for tests and
 * the local sandbox. Point octokit's `baseUrl` (infrabot's `GITHUB_API_URL`) at `url`.
 */

export type {
  CheckRunInput,
  CommitStatusInput,
  ControlMergeOptions,
  CreateRepoInput,
  EmulatedApp,
  FaultSpec,
  PullSummary,
  RepoSummary,
  RequestLogEntry,
  ReviewInput,
};

export interface GitHubEmulatorOptions {
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /**
   * Accepted tokens. A list authenticates every token as `login`; a record maps each token to
   * its own login (to act as several users). Default `['test-token']`.
   */
  tokens?: string[] | Record<string, string>;
  /** Login for tokens given as a list; default `infrabot[bot]` (a `[bot]` suffix makes it a Bot). */
  login?: string;
  /** Secondary-limit budget of content-creating requests per minute and user; default 80. */
  contentCreationLimitPerMinute?: number;
  /** Primary budget per user and hour, reported in `x-ratelimit-*`; default 5000. */
  rateLimitPerHour?: number;
  /** Base of `html_url`s; default `https://github.com`. */
  htmlUrl?: string;
  /** Clock for timestamps and rate-limit windows; default the system clock. */
  now?: () => Date;
  /** Tokens that may only read (writes get 403 `Resource not accessible by integration`). */
  readOnlyTokens?: string[];
  /** GitHub Apps whose RS256 JWTs are exchanged for installation tokens. */
  apps?: EmulatedApp[];
  /** Delay before each REST answer, in ms (models a distant API; default 0). */
  latencyMs?: number;
}

export interface GitHubEmulator {
  /** Base URL of the REST API, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  readonly url: string;
  /** Every REST request received (control-API calls excluded), in arrival order. */
  readonly requests: RequestLogEntry[];
  close(): Promise<void>;
  createRepo(owner: string, name: string, input?: CreateRepoInput): RepoSummary;
  /** Commits files onto a branch as a person pushing would (creates the branch from the default one). */
  pushCommit(owner: string, repo: string, branch: string, push: PushInput): { sha: string };
  /** Tip of a branch, or undefined. */
  branchSha(owner: string, repo: string, branch: string): string | undefined;
  /** A file's UTF-8 text at a branch, tag or SHA; undefined when missing. */
  readFile(owner: string, repo: string, ref: string, path: string): string | undefined;
  listPulls(owner: string, repo: string, filter?: { state?: 'open' | 'closed' | 'all' }): PullSummary[];
  listComments(
    owner: string,
    repo: string,
    number: number,
  ): Array<{ id: number; user: string; body: string }>;
  addReview(
    owner: string,
    repo: string,
    number: number,
    review: ReviewInput,
  ): { id: number; user: string; state: string; body: string; commitId: string };
  /** Creates or updates the named check run on a commit (SHA or ref). */
  setCheckRun(
    owner: string,
    repo: string,
    sha: string,
    run: CheckRunInput,
  ): { id: number; name: string; headSha: string; status: string; conclusion: string | null };
  setCommitStatus(
    owner: string,
    repo: string,
    sha: string,
    status: CommitStatusInput,
  ): { id: number; sha: string; context: string; state: string };
  /** Merges like the merge button (merge commit by default); throws 405 when not mergeable. */
  mergePull(owner: string, repo: string, number: number, options: ControlMergeOptions): { sha: string };
  closePull(owner: string, repo: string, number: number): PullSummary;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
}

function allRoutes(): Route[] {
  // Order matters where patterns overlap: `/commits/{ref+}/check-runs` before `/commits/{ref+}`.
  return [
    ...checkRoutes,
    ...repoRoutes,
    ...gitRefRoutes,
    ...gitDataRoutes,
    ...contentRoutes,
    ...reviewRoutes,
    ...pullRoutes,
    ...issueRoutes,
  ];
}

export async function startGitHubEmulator(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  const now = options.now ?? (() => new Date());
  const state = new EmulatorState(now);
  const tokens = new TokenRegistry(now);
  const readOnly = new Set(options.readOnlyTokens ?? []);
  const defaultLogin = options.login ?? 'infrabot[bot]';
  const tokenOption = options.tokens ?? ['test-token'];
  const tokenLogins: Array<[string, string]> = Array.isArray(tokenOption)
    ? tokenOption.map((token) => [token, defaultLogin])
    : Object.entries(tokenOption);
  for (const [token, login] of tokenLogins) {
    tokens.add(token, state.user(login, login.endsWith('[bot]') ? 'Bot' : 'User'), {
      readOnly: readOnly.has(token),
    });
  }

  let links: Links = { api: '', html: options.htmlUrl ?? 'https://github.com' };
  const control = new EmulatorControl(state, () => links);
  const faults = new FaultInjector();
  const requests: RequestLogEntry[] = [];
  const server = createServer(
    createRequestHandler({
      state,
      router: new Router(allRoutes()),
      tokens,
      primary: new PrimaryRateLimit(options.rateLimitPerHour ?? 5000, now),
      secondary: new ContentCreationLimit(options.contentCreationLimitPerMinute ?? 80, now),
      faults,
      control,
      links: () => links,
      log: requests,
      apps: new AppRegistry(options.apps ?? [], now),
      latencyMs: options.latencyMs ?? 0,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  links = { ...links, api: url };

  return {
    url,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from clients would otherwise hold close() open.
        server.closeAllConnections();
      }),
    createRepo: (owner, name, input) => control.createRepo(owner, name, input),
    pushCommit: (owner, repo, branch, push) => control.pushCommit(owner, repo, branch, push),
    branchSha: (owner, repo, branch) => control.branchSha(owner, repo, branch),
    readFile: (owner, repo, ref, path) => control.readFile(owner, repo, ref, path),
    listPulls: (owner, repo, filter) => control.listPulls(owner, repo, filter),
    listComments: (owner, repo, number) => control.listComments(owner, repo, number),
    addReview: (owner, repo, number, review) => control.addReview(owner, repo, number, review),
    setCheckRun: (owner, repo, sha, run) => control.setCheckRun(owner, repo, sha, run),
    setCommitStatus: (owner, repo, sha, status) => control.setCommitStatus(owner, repo, sha, status),
    mergePull: (owner, repo, number, mergeOptions) => control.mergePull(owner, repo, number, mergeOptions),
    closePull: (owner, repo, number) => control.closePull(owner, repo, number),
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
  };
}
