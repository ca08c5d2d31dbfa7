import { Octokit } from 'octokit';
import type { Config } from '../config/schema.js';
import type { RuntimeEnv } from '../runtime-env.js';
import { type CheckResult, fail, pass, skip } from './check.js';

export async function checkGitHub(env: RuntimeEnv, config: Config | undefined): Promise<CheckResult[]> {
  const repo = config?.changes?.repo;
  if (!repo) return [skip('github', 'no `changes.repo` configured: `/infra add` is off')];
  if (!env.GITHUB_TOKEN) {
    return [
      fail(
        'github',
        `changes.repo is ${repo} but GITHUB_TOKEN is not set`,
        'create a fine-grained token with Contents and Pull requests: write on that repo and set GITHUB_TOKEN',
      ),
    ];
  }
  const [owner, name] = repo.split('/') as [string, string];
  const octokit = new Octokit({
    auth: env.GITHUB_TOKEN,
    ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}),
    request: { retries: 0 },
    retry: { enabled: false },
    throttle: { enabled: false },
  });
  try {
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
    return [pass('github', `${data.full_name} (default branch ${data.default_branch})`)];
  } catch (error) {
    const status = (error as { status?: number }).status;
    const fix =
      status === 401
        ? 'GITHUB_TOKEN is invalid or expired: create a new one'
        : status === 404
          ? `the token cannot see ${repo}: check the name in changes.repo and the token's repository access`
          : 'check GITHUB_API_URL and the network';
    return [fail('github', `${repo}: ${(error as Error).message}`, fix)];
  }
}
