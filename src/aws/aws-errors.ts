import { type Failure, firstLine } from '../environments/environment-gateway.js';

/**
 * Which AWS failure an error is. The SDK names errors after their AWS code
 * (`ThrottlingException`, `InvalidDBInstanceStateFault`, …); some only say it in the message.
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

const NOT_FOUND = new Set([
  'ServiceNotFoundException',
  'ServiceNotActiveException',
  'ClusterNotFoundException',
  'DBInstanceNotFoundFault',
  'DBInstanceNotFound',
  'DBClusterNotFoundFault',
  'ResourceNotFoundException',
]);
const INVALID_STATE = new Set([
  'InvalidDBInstanceStateFault',
  'InvalidDBInstanceState',
  'InvalidDBClusterStateFault',
]);
const INVALID_REQUEST = new Set([
  'InvalidParameterCombination',
  'InvalidParameterValue',
  'ValidationException',
]);

/**
 * What kind of failure an AWS error is, as data: the one classification every front door words
 * (src/commands/explain-error.ts). The raw AWS message is kept because it names the exact action.
 */
export function classifyAwsError(error: unknown): Failure {
  const e = (error ?? {}) as SdkError;
  const name = e.name && e.name !== 'Error' ? e.name : undefined;
  const base = { message: firstLine(e.message ?? String(error)), ...(name ? { name } : {}) };
  if (isAccessDenied(error)) {
    const action = deniedAction(error);
    return { code: 'access-denied', ...base, ...(action ? { action } : {}) };
  }
  if (isThrottling(error)) return { code: 'throttled', ...base };
  if (isMissingCredentials(error)) return { code: 'no-credentials', ...base };
  if (isExpiredCredentials(error)) return { code: 'expired-credentials', ...base };
  if (name && NOT_FOUND.has(name)) return { code: 'not-found', ...base };
  if (name && INVALID_STATE.has(name)) return { code: 'invalid-state', ...base };
  if (name && INVALID_REQUEST.has(name)) return { code: 'invalid-request', ...base };
  if (isUnreachable(error)) return { code: 'unreachable', ...base };
  return { code: 'other', ...base };
}
