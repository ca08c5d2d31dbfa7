import type { Octokit } from 'octokit';
import type { InfraRepo } from '../changes/infra-repo.js';
import type { Logger } from '../logger.js';
import type { RuntimeEnv } from '../runtime-env.js';
import { classifyGitHubError } from './github-errors.js';
import { OctokitInfraRepo } from './octokit-infra-repo.js';

/**
 * One authenticated Octokit for the infra repo: a GitHub App installation (preferred: short-lived
 * tokens, per-repo permissions) or GITHUB_TOKEN. `GITHUB_API_URL` points it at GitHub Enterprise
 * Server or the emulator. The App's installation token is fetched, cached and renewed before it
 * expires by octokit's App auth (@octokit/auth-app), so no code here handles token lifetimes.
 */

export interface GitHubClientOptions {
  /**
   * GitHub asks clients to leave a second between writes; octokit's throttling plugin does that.
   * Tests against the emulator turn it off to run fast.
   */
  paceWrites?: boolean;
  /** Retries of 5xx answers (octokit's retry plugin); default 2. */
  retries?: number;
}

export type GitHubAuthMode = 'app' | 'token';

export function githubAuthMode(env: RuntimeEnv): GitHubAuthMode | undefined {
  if (env.GITHUB_APP_ID && env.GITHUB_APP_PRIVATE_KEY && env.GITHUB_APP_INSTALLATION_ID) return 'app';
  if (env.GITHUB_TOKEN) return 'token';
  return undefined;
}

type OctokitModule = typeof import('octokit');

function octokitClass(
  { Octokit }: OctokitModule,
  env: RuntimeEnv,
  logger: Logger,
  options: GitHubClientOptions,
) {
  return Octokit.defaults({
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL.replace(/\/+$/, '') } : {}),
    userAgent: 'infrabot',
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => logger.warn({ component: 'github' }, message),
      error: (message: string) => logger.error({ component: 'github' }, message),
    },
    retry: { retries: options.retries ?? 2 },
    throttle: {
      enabled: options.paceWrites ?? true,
      // Wait out one short limit (≤ 10 s); anything longer becomes "try again later" for the user
      // instead of a Slack command hanging for minutes.
      onRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
        retryCount < 1 && retryAfter <= 10,
      onSecondaryRateLimit: (retryAfter: number, _o: unknown, _k: unknown, retryCount: number) =>
        retryCount < 1 && retryAfter <= 10,
    },
  });
}

/** undefined when neither an App nor a token is configured. */
export async function createGitHubClient(
  env: RuntimeEnv,
  logger: Logger,
  options: GitHubClientOptions = {},
): Promise<Octokit | undefined> {
  const mode = githubAuthMode(env);
  if (!mode) return undefined;
  // Loaded on first use, like the AWS SDK: most commands and every start-up never need it.
  const octokitModule = await import('octokit');
  const OctokitWithDefaults = octokitClass(octokitModule, env, logger, options);
  if (mode === 'app') {
    const app = new octokitModule.App({
      appId: Number(env.GITHUB_APP_ID),
      privateKey: env.GITHUB_APP_PRIVATE_KEY!,
      Octokit: OctokitWithDefaults,
    });
    return (await app.getInstallationOctokit(Number(env.GITHUB_APP_INSTALLATION_ID))) as unknown as Octokit;
  }
  return new OctokitWithDefaults({ auth: env.GITHUB_TOKEN });
}

/**
 * The infra repo adapter, connected on first use; undefined when no GitHub credentials exist.
 * A failure to connect (a refused App JWT, an unknown installation) is classified like any call.
 */
export function infraRepoConnector(
  env: RuntimeEnv,
  logger: Logger,
  repo: string,
  options: GitHubClientOptions = {},
): (() => Promise<InfraRepo>) | undefined {
  if (!githubAuthMode(env)) return undefined;
  // GitHub Enterprise Server serves the API under <host>/api/v3 and pages at <host>.
  const api = env.GITHUB_API_URL?.replace(/\/+$/, '');
  const htmlBase = api && /\/api\/v3$/.test(api) ? api.replace(/\/api\/v3$/, '') : 'https://github.com';
  return async () => {
    try {
      const octokit = await createGitHubClient(env, logger, options);
      return new OctokitInfraRepo(octokit!, repo, htmlBase);
    } catch (error) {
      throw classifyGitHubError(error, repo);
    }
  };
}
