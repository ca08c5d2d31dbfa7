/**
 * Turns an exception from an outside service into a sentence a user can act on. Stack traces
 * stay in the logs; people get what happened and what to do next.
 */
export function explainError(error: unknown): string {
  const e = error as { name?: string; message?: string; code?: string; status?: number; $metadata?: unknown };
  const name = e?.name ?? '';
  const message = (e?.message ?? String(error)).split('\n')[0]!.slice(0, 300);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return 'infrabot has no AWS credentials. In the terminal, sign in (e.g. `aws sso login`) or set AWS_PROFILE; on Fargate, check the task role.';
  }
  if (
    name === 'AccessDeniedException' ||
    name === 'AccessDenied' ||
    /not authorized to perform/i.test(message)
  ) {
    const action = /perform: ([\w:]+)/.exec(message)?.[1];
    return `AWS refused: infrabot's role may not ${action ?? 'do this'}. Add the permission in infra/iam.tf (or the cross-account role) and apply. (${message})`;
  }
  if (name === 'ThrottlingException' || name === 'Throttling' || /rate exceeded/i.test(message)) {
    return 'AWS is throttling requests right now. Nothing was lost; try again in a minute.';
  }
  if (name === 'ExpiredTokenException' || /security token.*expired/i.test(message)) {
    return 'The AWS credentials have expired. Sign in again (e.g. `aws sso login`) and retry.';
  }
  if (e?.code === 'ECONNREFUSED' || /ECONNREFUSED|ENOTFOUND|fetch failed/.test(message)) {
    return `A service infrabot depends on could not be reached (${message}). Check the network or the endpoint settings, then retry.`;
  }
  if (name === 'ConditionFailedError') {
    return 'Someone else changed the same thing at the same moment. Check `status` and retry if still needed.';
  }
  return `Something went wrong: ${message}. Nothing further was changed; the details are in infrabot's logs.`;
}
