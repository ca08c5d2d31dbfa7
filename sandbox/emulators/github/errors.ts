/**
 * GitHub's error bodies: `{ message, documentation_url, status }`, plus `errors` for 422
 * "Validation Failed". Octokit folds `message`, `errors` and `documentation_url` into
 * `RequestError.message`, so callers match on these texts; keep them identical to GitHub's.
 */

export const DOCS_ROOT = 'https://docs.github.com/rest';

export interface FieldError {
  resource: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  field?: string;
  message?: string;
}

export interface ErrorBody {
  message: string;
  documentation_url: string;
  status: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  override readonly name = 'GitHubApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly details: {
      errors?: FieldError[];
      documentationUrl?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }

  toBody(fallbackDocs: string): ErrorBody {
    return {
      message: this.message,
      documentation_url: this.details.documentationUrl ?? fallbackDocs,
      status: String(this.status),
      ...(this.details.errors ? { errors: this.details.errors } : {}),
    };
  }
}

export function notFound(message = 'Not Found'): ApiError {
  return new ApiError(404, message);
}

export function badCredentials(): ApiError {
  return new ApiError(401, 'Bad credentials', { documentationUrl: DOCS_ROOT });
}

export function problemsParsingJson(): ApiError {
  return new ApiError(400, 'Problems parsing JSON');
}

export function unprocessable(message: string): ApiError {
  return new ApiError(422, message);
}

export function validationFailed(errors: FieldError[]): ApiError {
  return new ApiError(422, 'Validation Failed', { errors });
}

export function conflict(message: string): ApiError {
  return new ApiError(409, message);
}

export const SECONDARY_RATE_LIMIT_DOCS =
  'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';

export function secondaryRateLimited(retryAfterSeconds: number, requestId: string, status = 403): ApiError {
  return new ApiError(
    status,
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
      `If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
    {
      documentationUrl: SECONDARY_RATE_LIMIT_DOCS,
      headers: { 'retry-after': String(retryAfterSeconds) },
    },
  );
}
