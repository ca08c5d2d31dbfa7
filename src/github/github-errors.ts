import { InfraRepoError } from '../changes/infra-repo.js';

/** What a GitHub API failure means for the person who asked, with the fix. */
export function classifyGitHubError(error: unknown, repo: string): InfraRepoError {
  if (error instanceof InfraRepoError) return error;
  const e = error as {
    status?: number;
    message?: string;
    response?: { headers?: Record<string, string | undefined>; data?: { message?: string } };
  };
  const status = e.status;
  const headers = e.response?.headers ?? {};
  const apiMessage = e.response?.data?.message ?? e.message ?? String(error);
  const retryAfter = Number(headers['retry-after']);
  const reset = Number(headers['x-ratelimit-reset']);
  const rateLimited =
    status === 429 ||
    (status === 403 && (/rate limit/i.test(apiMessage) || headers['x-ratelimit-remaining'] === '0'));
  if (rateLimited) {
    const seconds =
      Number.isFinite(retryAfter) && retryAfter > 0
        ? retryAfter
        : Number.isFinite(reset) && reset > 0
          ? Math.max(1, Math.ceil(reset - Date.now() / 1000))
          : 60;
    return new InfraRepoError(
      'rate-limited',
      `GitHub is rate limiting infrabot; nothing was changed. Try again in about ${Math.ceil(seconds / 60)} minute(s).`,
      seconds,
    );
  }
  if (status === 401)
    return new InfraRepoError(
      'unauthorized',
      "GitHub refused infrabot's credentials (401). An admin should check GITHUB_APP_* or GITHUB_TOKEN (`infrabot doctor`).",
    );
  if (status === 403)
    return new InfraRepoError(
      'forbidden',
      `infrabot may not write to ${repo} (GitHub: ${apiMessage}). The GitHub App or token needs Contents: write and Pull requests: write on it.`,
    );
  if (status === 404)
    return new InfraRepoError(
      'not-found',
      `GitHub cannot find ${repo} or its base branch for infrabot. Check changes.repo and changes.base, and that the App is installed on the repo.`,
    );
  if (status === 422 || status === 409)
    return new InfraRepoError('invalid', `GitHub refused the change: ${apiMessage}`);
  return new InfraRepoError(
    'unavailable',
    `GitHub did not answer usefully (${status ?? 'no response'}: ${apiMessage.slice(0, 200)}); nothing was left half-done. Try again later.`,
  );
}
