import { App, Octokit } from 'octokit';
import type { Logger } from '../logger.js';
import type { RuntimeEnv } from '../runtime-env.js';

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

function octokitClass(env: RuntimeEnv, logger: Logger, options: GitHubClientOptions) {
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
  const OctokitWithDefaults = octokitClass(env, logger, options);
  if (mode === 'app') {
    const app = new App({
      appId: Number(env.GITHUB_APP_ID),
      privateKey: env.GITHUB_APP_PRIVATE_KEY!,
      Octokit: OctokitWithDefaults,
    });
    return (await app.getInstallationOctokit(Number(env.GITHUB_APP_INSTALLATION_ID))) as unknown as Octokit;
  }
  if (mode === 'token') return new OctokitWithDefaults({ auth: env.GITHUB_TOKEN });
  return undefined;
}
