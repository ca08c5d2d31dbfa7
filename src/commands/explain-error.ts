import {
  deniedAction,
  isAccessDenied,
  isExpiredCredentials,
  isMissingCredentials,
  isThrottling,
  isUnreachable,
} from '../aws/aws-errors.js';

/**
 * Turns an exception from an outside service into a sentence a user can act on. Stack traces
 * stay in the logs; people get what happened and what to do next. What counts as which AWS
 * failure is decided once, in aws/aws-errors.ts; this is the whole-command wording of it.
 */
export function explainError(error: unknown): string {
  const e = error as { name?: string; message?: string } | undefined;
  const message = (e?.message ?? String(error)).split('\n')[0]!.slice(0, 300);
  if (isMissingCredentials(error)) {
    return 'infrabot has no AWS credentials. In the terminal, sign in (e.g. `aws sso login`) or set AWS_PROFILE; on Fargate, check the task role.';
  }
  if (isAccessDenied(error)) {
    return `AWS refused: infrabot's role may not ${deniedAction(error) ?? 'do this'}. Add the permission in infra/iam.tf (or the cross-account role) and apply. (${message})`;
  }
  if (isThrottling(error)) {
    return 'AWS is throttling requests right now. Nothing was lost; try again in a minute.';
  }
  if (isExpiredCredentials(error)) {
    return 'The AWS credentials have expired. Sign in again (e.g. `aws sso login`) and retry.';
  }
  if (isUnreachable(error)) {
    return `A service infrabot depends on could not be reached (${message}). Check the network or the endpoint settings, then retry.`;
  }
  if (e?.name === 'ConditionFailedError') {
    return 'Someone else changed the same thing at the same moment. Check `status` and retry if still needed.';
  }
  return `Something went wrong: ${message}. Nothing further was changed; the details are in infrabot's logs.`;
}
