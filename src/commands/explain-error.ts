import { classifyAwsError } from '../aws/aws-errors.js';
import { type Failure, GatewayError } from '../environments/environment-gateway.js';
import { StoredItemError } from '../store/stored-item.js';

/**
 * The one place failures are worded for people. Stack traces stay in the logs; people get what
 * happened and what to do next. What counts as which AWS failure is decided once, in
 * aws/aws-errors.ts (`classifyAwsError`); this turns that data into sentences:
 * `explainFailure` for one line about one resource, `explainError` for a whole command.
 */
export function explainFailure(failure: Failure): string {
  const { message } = failure;
  switch (failure.code) {
    case 'access-denied':
      return `AWS refused: infrabot's role may not ${failure.action ?? 'do this'}. Add the permission to the role infrabot uses (infra/iam.tf) and retry`;
    case 'throttled':
      return 'AWS kept throttling the request; nothing was lost, retry in a minute';
    case 'no-credentials':
      return 'infrabot has no AWS credentials (sign in, set AWS_PROFILE, or check the task role)';
    case 'expired-credentials':
      return 'the AWS credentials have expired; sign in again and retry';
    case 'unreachable':
      return `AWS could not be reached (${message}); check the network or AWS_ENDPOINT_URL and retry`;
    case 'not-found':
      return notFound(failure.name) ?? `not found: ${message}`;
    case 'invalid-state':
      return `RDS refused: ${message}. Retry once it is available`;
    case 'invalid-request':
      return `AWS refused: ${message}`;
    case 'other':
      return `${failure.name ? `${failure.name}: ` : ''}${message}`;
  }
}

function notFound(name: string | undefined): string | undefined {
  switch (name) {
    case 'ServiceNotFoundException':
      return 'the ECS service does not exist';
    case 'ServiceNotActiveException':
      return 'the ECS service is not active (it is being deleted)';
    case 'ClusterNotFoundException':
      return 'the ECS cluster does not exist';
    case 'DBInstanceNotFoundFault':
    case 'DBInstanceNotFound':
      return 'the database instance does not exist';
    case 'DBClusterNotFoundFault':
      return 'the database cluster does not exist';
  }
  return undefined;
}

/** Why infrabot could not read something, in a few words: for "could not read dev: <why>". */
export function whyUnreadable(failure: Failure): string {
  switch (failure.code) {
    case 'no-credentials':
    case 'expired-credentials':
      return `credentials: ${explainFailure(failure)}`;
    case 'access-denied':
      return `permission: ${explainFailure(failure)}`;
    case 'unreachable':
      return `endpoint: ${explainFailure(failure)}`;
    default:
      return explainFailure(failure);
  }
}

/** A whole command's failure as a sentence a user can act on. */
export function explainError(error: unknown): string {
  if (error instanceof StoredItemError) return error.message;
  const failure = error instanceof GatewayError ? error.failure : classifyAwsError(error);
  const message = failure.message;
  switch (failure.code) {
    case 'no-credentials':
      return 'infrabot has no AWS credentials. In the terminal, sign in (e.g. `aws sso login`) or set AWS_PROFILE; on Fargate, check the task role.';
    case 'access-denied':
      return `AWS refused: infrabot's role may not ${failure.action ?? 'do this'}. Add the permission in infra/iam.tf (or the cross-account role) and apply. (${message})`;
    case 'throttled':
      return 'AWS is throttling requests right now. Nothing was lost; try again in a minute.';
    case 'expired-credentials':
      return 'The AWS credentials have expired. Sign in again (e.g. `aws sso login`) and retry.';
    case 'unreachable':
      return `A service infrabot depends on could not be reached (${message}). Check the network or the endpoint settings, then retry.`;
  }
  if ((error as { name?: string } | undefined)?.name === 'ConditionFailedError') {
    return 'Someone else changed the same thing at the same moment. Check `status` and retry if still needed.';
  }
  return `Something went wrong: ${message}. Nothing further was changed; the details are in infrabot's logs.`;
}
