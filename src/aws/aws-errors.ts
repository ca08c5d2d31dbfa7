/**
 * AWS errors worded for a person reading one line of a progress message: what AWS said and, where
 * it helps, what to do. The SDK names errors after their AWS code (`ThrottlingException`,
 * `InvalidDBInstanceStateFault`, …); the raw AWS message is kept because it names the exact action.
 */
interface SdkError {
  name?: string;
  message?: string;
  code?: string;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);

export function isThrottling(error: unknown): boolean {
  const e = error as SdkError | undefined;
  return THROTTLING.has(e?.name ?? '') || /rate exceeded/i.test(e?.message ?? '');
}

export function isAccessDenied(error: unknown): boolean {
  const e = error as SdkError | undefined;
  const name = e?.name ?? '';
  return (
    name === 'AccessDeniedException' ||
    name === 'AccessDenied' ||
    name === 'UnauthorizedOperation' ||
    /not authorized to perform/i.test(e?.message ?? '')
  );
}

/** The IAM action AWS named in an access-denied message (`ecs:UpdateService`), if any. */
export function deniedAction(error: unknown): string | undefined {
  return /perform: ([\w:-]+)/.exec((error as SdkError | undefined)?.message ?? '')?.[1];
}

export function isMissingCredentials(error: unknown): boolean {
  const e = error as SdkError | undefined;
  return e?.name === 'CredentialsProviderError' || /could not load credentials/i.test(e?.message ?? '');
}

export function isExpiredCredentials(error: unknown): boolean {
  const e = error as SdkError | undefined;
  return e?.name === 'ExpiredTokenException' || /security token.*expired/i.test(e?.message ?? '');
}

/** The endpoint could not be reached at all (network, DNS, a wrong AWS_ENDPOINT_URL). */
export function isUnreachable(error: unknown): boolean {
  const e = error as SdkError | undefined;
  return (
    e?.code === 'ECONNREFUSED' ||
    /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|fetch failed|socket hang up/.test(e?.message ?? '')
  );
}

/** One short sentence: why this call on this resource did not work. */
export function explainAwsError(error: unknown): string {
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? '';
  const message = firstLine(e.message ?? String(error));
  if (isAccessDenied(error)) {
    return `AWS refused: infrabot's role may not ${deniedAction(error) ?? 'do this'}. Add the permission to the role infrabot uses (infra/iam.tf) and retry`;
  }
  if (isThrottling(error)) return 'AWS kept throttling the request; nothing was lost, retry in a minute';
  if (isMissingCredentials(error)) {
    return 'infrabot has no AWS credentials (sign in, set AWS_PROFILE, or check the task role)';
  }
  if (isExpiredCredentials(error)) return 'the AWS credentials have expired; sign in again and retry';
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
    case 'InvalidDBInstanceStateFault':
    case 'InvalidDBInstanceState':
    case 'InvalidDBClusterStateFault':
      return `RDS refused: ${message}. Retry once it is available`;
    case 'InvalidParameterCombination':
    case 'InvalidParameterValue':
    case 'ValidationException':
      return `AWS refused: ${message}`;
  }
  if (isUnreachable(error)) {
    return `AWS could not be reached (${message}); check the network or AWS_ENDPOINT_URL and retry`;
  }
  return `${name && name !== 'Error' ? `${name}: ` : ''}${message}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return (line.length > 300 ? `${line.slice(0, 300)}…` : line).replace(/\.$/, '');
}
