/**
 * An error the emulated service answers with. `code` is what a JSON-protocol service puts in
 * `__type` (the SDK's exception name); `queryCode` is what a Query-protocol service puts in
 * `<Code>`, and what query-compatible JSON services (SQS, CloudWatch) announce in the
 * `x-amzn-query-error` header. They differ for some errors, e.g. RDS `DBInstanceNotFoundFault`
 * travels as `DBInstanceNotFound`, SQS `QueueDoesNotExist` as
 * `AWS.SimpleQueueService.NonExistentQueue`.
 */
export class AwsError extends Error {
  readonly code: string;
  readonly queryCode: string;
  readonly status: number;
  /** Extra members serialised next to the message (e.g. ECS `reason`). */
  readonly extra: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    options: { status?: number; queryCode?: string; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = code;
    this.code = code;
    this.queryCode = options.queryCode ?? code;
    this.status = options.status ?? 400;
    this.extra = options.extra ?? {};
  }

  /** "Sender" for the caller's mistakes, "Receiver" for the service's own failures (Query `<Type>`). */
  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

export function internalFailure(): AwsError {
  return new AwsError(
    'InternalFailure',
    'The request processing has failed because of an unknown error, exception or failure.',
    {
      status: 500,
    },
  );
}

export function missingAuthenticationToken(): AwsError {
  return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', {
    status: 403,
    queryCode: 'MissingAuthenticationToken',
  });
}

export function incompleteSignature(detail: string): AwsError {
  return new AwsError('IncompleteSignatureException', detail, {
    status: 403,
    queryCode: 'IncompleteSignature',
  });
}

export function invalidSignature(detail: string): AwsError {
  return new AwsError('InvalidSignatureException', detail, { status: 403 });
}
