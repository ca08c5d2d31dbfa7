import type { Config } from '../config/schema.js';
import { createGitHubClient, githubAuthMode } from '../github/github-client.js';
import { createLogger } from '../logger.js';
import type { RuntimeEnv } from '../runtime-env.js';
import { type CheckResult, fail, pass, skip } from './check.js';

export async function checkGitHub(env: RuntimeEnv, config: Config | undefined): Promise<CheckResult[]> {
  const repo = config?.changes?.repo;
  if (!repo) return [skip('github', 'no `changes.repo` configured: `/infra add` is off')];
  const mode = githubAuthMode(env);
  if (!mode) {
    return [
      fail(
        'github',
        `changes.repo is ${repo} but no GitHub credentials are set`,
        'install a GitHub App (Contents and Pull requests: write, Checks: read) on that repo and set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_APP_INSTALLATION_ID — or set GITHUB_TOKEN',
      ),
    ];
  }
  const [owner, name] = repo.split('/') as [string, string];
  try {
    // The App's JWT → installation token exchange happens here: a refused JWT fails this check.
    const octokit = (await createGitHubClient(env, createLogger({ level: 'silent' }), {
      paceWrites: false,
      retries: 0,
    }))!;
    const { data } = await octokit.rest.repos.get({ owner, repo: name });
    if (data.permissions && !data.permissions.push) {
      return [
        fail(
          'github',
          `${repo} is readable but not writable with this token`,
          'grant Contents: write and Pull requests: write on the repo',
        ),
      ];
    }
    return [
      pass(
        'github',
        `${data.full_name} (default branch ${data.default_branch}; ${mode === 'app' ? 'GitHub App' : 'token'})`,
      ),
    ];
  } catch (error) {
    const status = (error as { status?: number }).status;
    const fix =
      status === 401
        ? mode === 'app'
          ? 'the GitHub App refused the JWT: check GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and the clock'
          : 'GITHUB_TOKEN is invalid or expired: create a new one'
        : status === 404 && mode === 'app'
          ? `the App installation ${env.GITHUB_APP_INSTALLATION_ID} or ${repo} was not found: check GITHUB_APP_INSTALLATION_ID and that the App is installed on the repo`
          : status === 404
            ? `the token cannot see ${repo}: check the name in changes.repo and the token's repository access`
            : 'check GITHUB_API_URL and the network';
    return [fail('github', `${repo}: ${(error as Error).message}`, fix)];
  }
}
