import { AwsError } from './errors.js';

/**
 * SQS speaks JSON 1.0 but stays compatible with its Query past: each error also travels with its
 * legacy Query code in `x-amzn-query-error`, which is what the SDK maps to its exception classes.
 */
export const sqsErrors = {
  queueDoesNotExist: () =>
    new AwsError('QueueDoesNotExist', 'The specified queue does not exist.', {
      queryCode: 'AWS.SimpleQueueService.NonExistentQueue',
    }),
  invalidAddress: (url: string) =>
    new AwsError('InvalidAddress', `The address ${url} is not valid for this endpoint.`, { status: 404 }),
  queueNameExists: (name: string) =>
    new AwsError(
      'QueueNameExists',
      `A queue already exists with the same name (${name}) and a different value for an attribute.`,
      {
        queryCode: 'QueueAlreadyExists',
      },
    ),
  invalidAttributeName: (name: string) => new AwsError('InvalidAttributeName', `Unknown Attribute ${name}.`),
  invalidAttributeValue: (name: string, reason: string) =>
    new AwsError('InvalidAttributeValue', `Invalid value for the parameter ${name}. Reason: ${reason}`),
  receiptHandleIsInvalid: (handle: string) =>
    new AwsError(
      'ReceiptHandleIsInvalid',
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
      {
        status: 404,
      },
    ),
  handleNotAvailable: (handle: string) =>
    new AwsError(
      'InvalidParameterValue',
      `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    ),
  messageNotInflight: () =>
    new AwsError('MessageNotInflight', 'The message referred to is not in flight.', {
      queryCode: 'AWS.SimpleQueueService.MessageNotInflight',
    }),
  invalidMessageContents: () =>
    new AwsError('InvalidMessageContents', 'Invalid binary character in the message body or attributes.'),
  messageTooLong: (limit: number) =>
    new AwsError(
      'InvalidParameterValue',
      `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
    ),
  emptyBatch: () =>
    new AwsError(
      'EmptyBatchRequest',
      'There should be at least one SendMessageBatchRequestEntry in the request.',
      {
        queryCode: 'AWS.SimpleQueueService.EmptyBatchRequest',
      },
    ),
  tooManyEntries: () =>
    new AwsError('TooManyEntriesInBatchRequest', 'Maximum number of entries per request are 10.', {
      queryCode: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
    }),
  batchIdsNotDistinct: (id: string) =>
    new AwsError('BatchEntryIdsNotDistinct', `Id ${id} repeated.`, {
      queryCode: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
    }),
  invalidBatchEntryId: (id: string) =>
    new AwsError(
      'InvalidBatchEntryId',
      `A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long. Got: ${id}`,
      { queryCode: 'AWS.SimpleQueueService.InvalidBatchEntryId' },
    ),
  unsupported: (what: string) =>
    new AwsError('UnsupportedOperation', what, { queryCode: 'AWS.SimpleQueueService.UnsupportedOperation' }),
};
