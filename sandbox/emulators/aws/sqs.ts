import { AwsError } from './errors.js';
import { paginate } from './pagination.js';
import type { Params, ValidationErrors } from './params.js';
import type { RequestContext, ServiceDefinition } from './service.js';
import { sqsErrors } from './sqs-errors.js';
import { md5OfMessageAttributes } from './sqs-md5.js';
import type { World } from './world.js';
import type { SqsMessage, SqsMessageAttribute, SqsQueue } from './world-types.js';

/** SQS's own wording for bad parameters, with the legacy Query code in the compat header. */
const sqsValidation: ValidationErrors = {
  missing: (path) => new AwsError('MissingParameter', `The request must contain the parameter ${path}.`),
  invalid: (path, value, constraint) =>
    new AwsError(
      'InvalidParameterValue',
      `Value ${typeof value === 'string' ? value : JSON.stringify(value)} for parameter ${path} is invalid. Reason: ${constraint}`,
    ),
};

const READABLE_ATTRIBUTES = new Set([
  'All',
  'Policy',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
  'ApproximateNumberOfMessagesDelayed',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'RedriveAllowPolicy',
  'SqsManagedSseEnabled',
]);

const SYSTEM_ATTRIBUTES = [
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
];

function readMessageAttributes(params: Params): Record<string, SqsMessageAttribute> {
  const out: Record<string, SqsMessageAttribute> = {};
  const map = params.objMap('MessageAttributes') ?? {};
  const names = Object.keys(map);
  if (names.length > 10)
    throw sqsValidation.invalid(
      'MessageAttributes',
      names.length,
      'Number of message attributes [' + names.length + '] exceeds the allowed maximum [10].',
    );
  for (const [name, attr] of Object.entries(map)) {
    if (!/^[A-Za-z0-9_.-]{1,256}$/.test(name) || name.startsWith('AWS.') || name.startsWith('Amazon.')) {
      throw sqsValidation.invalid('MessageAttributes', name, `Message attribute name '${name}' is invalid.`);
    }
    const dataType = attr.reqStr('DataType');
    if (!/^(String|Number|Binary)(\..+)?$/.test(dataType)) {
      throw sqsValidation.invalid(
        'MessageAttributes',
        dataType,
        `The message attribute '${name}' has an invalid message attribute type.`,
      );
    }
    if (dataType.startsWith('Binary')) {
      const value = attr.str('BinaryValue');
      if (value === undefined)
        throw sqsValidation.invalid(
          'MessageAttributes',
          name,
          `The message attribute '${name}' must contain a non-empty message attribute value.`,
        );
      out[name] = { dataType, binaryValue: Buffer.from(value, 'base64') };
    } else {
      const value = attr.str('StringValue');
      if (value === undefined || value === '') {
        throw sqsValidation.invalid(
          'MessageAttributes',
          name,
          `The message attribute '${name}' must contain a non-empty message attribute value.`,
        );
      }
      if (dataType.startsWith('Number') && !Number.isFinite(Number(value))) {
        throw sqsValidation.invalid(
          'MessageAttributes',
          value,
          `Can't convert message attribute '${name}' to a number.`,
        );
      }
      out[name] = { dataType, stringValue: value };
    }
  }
  return out;
}

function attributeJson(attr: SqsMessageAttribute): Record<string, unknown> {
  return attr.binaryValue !== undefined
    ? { DataType: attr.dataType, BinaryValue: Buffer.from(attr.binaryValue).toString('base64') }
    : { DataType: attr.dataType, StringValue: attr.stringValue };
}

/** `All`, `.*`, exact names and `prefix.*`, as ReceiveMessage's MessageAttributeNames accepts. */
function selectAttributes(
  attrs: Record<string, SqsMessageAttribute>,
  wanted: string[],
): Record<string, SqsMessageAttribute> {
  const out: Record<string, SqsMessageAttribute> = {};
  for (const [name, attr] of Object.entries(attrs)) {
    const hit = wanted.some(
      (w) => w === 'All' || w === '.*' || w === name || (w.endsWith('.*') && name.startsWith(w.slice(0, -1))),
    );
    if (hit) out[name] = attr;
  }
  return out;
}

export function sqsService(world: World): ServiceDefinition {
  const queueOf = (ctx: RequestContext): SqsQueue => world.sqs.byUrl(ctx, ctx.params.reqStr('QueueUrl'));

  function messageJson(
    message: SqsMessage,
    systemNames: string[],
    attributeNames: string[],
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {
      MessageId: message.id,
      ReceiptHandle: message.receiptHandle,
      MD5OfBody: message.md5OfBody,
      Body: message.body,
    };
    const all = systemNames.includes('All');
    const system: Record<string, string> = {};
    const values: Record<string, string> = {
      SenderId: message.senderId,
      SentTimestamp: String(message.sentAt),
      ApproximateReceiveCount: String(message.receiveCount),
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt),
    };
    for (const name of SYSTEM_ATTRIBUTES) if (all || systemNames.includes(name)) system[name] = values[name]!;
    if (Object.keys(system).length > 0) out['Attributes'] = system;
    const selected = selectAttributes(message.attributes, attributeNames);
    const md5 = md5OfMessageAttributes(selected);
    if (md5) {
      out['MD5OfMessageAttributes'] = md5;
      out['MessageAttributes'] = Object.fromEntries(
        Object.entries(selected).map(([k, v]) => [k, attributeJson(v)]),
      );
    }
    return out;
  }

  return {
    name: 'sqs',
    signingName: 'sqs',
    protocol: 'json1.0',
    targetPrefix: 'AmazonSQS',
    jsonNamespace: 'com.amazonaws.sqs',
    queryCompatible: true,
    validation: sqsValidation,
    throttlingError: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    actions: {
      CreateQueue(ctx) {
        const name = ctx.params.reqStr('QueueName');
        const queue = world.sqs.create(
          ctx,
          name,
          ctx.params.strMap('Attributes') ?? {},
          ctx.params.strMap('tags') ?? {},
        );
        return { QueueUrl: world.sqs.url(queue) };
      },

      GetQueueUrl(ctx) {
        const name = ctx.params.reqStr('QueueName');
        const owner = ctx.params.str('QueueOwnerAWSAccountId') ?? ctx.accountId;
        const queue = world.sqs.get({ accountId: owner, region: ctx.region }, name);
        if (!queue) throw sqsErrors.queueDoesNotExist();
        return { QueueUrl: world.sqs.url(queue) };
      },

      ListQueues(ctx) {
        const prefix = ctx.params.str('QueueNamePrefix') ?? '';
        const max = ctx.params.int('MaxResults', { min: 1, max: 1000 });
        const urls = world.sqs
          .list(ctx)
          .filter((q) => q.name.startsWith(prefix))
          .map((q) => world.sqs.url(q));
        if (max === undefined) return { QueueUrls: urls.slice(0, 1000) };
        const { page, nextToken } = paginate(urls, ctx.params.str('NextToken'), max, () =>
          sqsValidation.invalid('NextToken', ctx.params.str('NextToken'), 'Invalid token.'),
        );
        return { QueueUrls: page, ...(nextToken ? { NextToken: nextToken } : {}) };
      },

      GetQueueAttributes(ctx) {
        const queue = queueOf(ctx);
        const names = ctx.params.strList('AttributeNames') ?? [];
        for (const n of names) if (!READABLE_ATTRIBUTES.has(n)) throw sqsErrors.invalidAttributeName(n);
        const counts = world.sqs.counts(queue);
        const all: Record<string, string> = {
          QueueArn: queue.arn,
          ApproximateNumberOfMessages: String(counts.visible),
          ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
          ApproximateNumberOfMessagesDelayed: String(counts.delayed),
          CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
          LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
          ...queue.attributes,
        };
        const wantAll = names.includes('All');
        const attributes = Object.fromEntries(
          Object.entries(all).filter(([k]) => wantAll || names.includes(k)),
        );
        return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
      },

      SetQueueAttributes(ctx) {
        const queue = queueOf(ctx);
        const attributes = ctx.params.strMap('Attributes');
        if (attributes === undefined) throw ctx.params.missing('Attributes');
        world.sqs.setAttributes(queue, attributes);
        return {};
      },

      DeleteQueue(ctx) {
        world.sqs.delete(queueOf(ctx));
        return {};
      },

      PurgeQueue(ctx) {
        world.sqs.purge(queueOf(ctx));
        return {};
      },

      SendMessage(ctx) {
        const queue = queueOf(ctx);
        const body = ctx.params.str('MessageBody');
        if (body === undefined || body === '') throw ctx.params.missing('MessageBody');
        const delaySeconds = ctx.params.int('DelaySeconds', { min: 0, max: 900 });
        const attributes = readMessageAttributes(ctx.params);
        const message = world.sqs.send(queue, {
          body,
          attributes,
          senderId: world.identityFor(ctx.accessKeyId).userId,
          ...(delaySeconds !== undefined ? { delaySeconds } : {}),
        });
        return {
          MD5OfMessageBody: message.md5OfBody,
          ...(message.md5OfAttributes ? { MD5OfMessageAttributes: message.md5OfAttributes } : {}),
          MessageId: message.id,
        };
      },

      async ReceiveMessage(ctx) {
        const queue = queueOf(ctx);
        const maxMessages = ctx.params.int('MaxNumberOfMessages');
        if (maxMessages !== undefined && (maxMessages < 1 || maxMessages > 10)) {
          throw ctx.params.invalid(
            'MaxNumberOfMessages',
            String(maxMessages),
            'Must be between 1 and 10, if provided.',
          );
        }
        const waitSeconds = ctx.params.int('WaitTimeSeconds');
        if (waitSeconds !== undefined && (waitSeconds < 0 || waitSeconds > 20)) {
          throw ctx.params.invalid(
            'WaitTimeSeconds',
            String(waitSeconds),
            'Must be >= 0 and <= 20, if provided.',
          );
        }
        const visibilityTimeout = ctx.params.int('VisibilityTimeout', { min: 0, max: 43_200 });
        const systemNames = [
          ...(ctx.params.strList('AttributeNames') ?? []),
          ...(ctx.params.strList('MessageSystemAttributeNames') ?? []),
        ];
        const attributeNames = ctx.params.strList('MessageAttributeNames') ?? [];
        const messages = await world.sqs.receive(
          queue,
          {
            maxMessages: maxMessages ?? 1,
            waitSeconds: waitSeconds ?? Number(queue.attributes['ReceiveMessageWaitTimeSeconds']),
            ...(visibilityTimeout !== undefined ? { visibilityTimeout } : {}),
          },
          ctx.signal,
        );
        return messages.length > 0
          ? { Messages: messages.map((m) => messageJson(m, systemNames, attributeNames)) }
          : {};
      },

      DeleteMessage(ctx) {
        const queue = queueOf(ctx);
        world.sqs.deleteMessage(queue, ctx.params.reqStr('ReceiptHandle'));
        return {};
      },

      DeleteMessageBatch(ctx) {
        const queue = queueOf(ctx);
        const entries = ctx.params.objList('Entries');
        if (entries === undefined) throw ctx.params.missing('Entries');
        if (entries.length === 0) throw sqsErrors.emptyBatch();
        if (entries.length > 10) throw sqsErrors.tooManyEntries();
        const seen = new Set<string>();
        const parsed = entries.map((e) => {
          const id = e.reqStr('Id');
          if (!/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw sqsErrors.invalidBatchEntryId(id);
          if (seen.has(id)) throw sqsErrors.batchIdsNotDistinct(id);
          seen.add(id);
          return { id, handle: e.reqStr('ReceiptHandle') };
        });
        const Successful: unknown[] = [];
        const Failed: unknown[] = [];
        for (const { id, handle } of parsed) {
          try {
            world.sqs.deleteMessage(queue, handle);
            Successful.push({ Id: id });
          } catch (e) {
            if (!(e instanceof AwsError)) throw e;
            Failed.push({ Id: id, SenderFault: true, Code: e.queryCode, Message: e.message });
          }
        }
        return { Successful, Failed };
      },

      ChangeMessageVisibility(ctx) {
        const queue = queueOf(ctx);
        const handle = ctx.params.reqStr('ReceiptHandle');
        const timeout = ctx.params.reqInt('VisibilityTimeout');
        if (timeout < 0 || timeout > 43_200) {
          throw ctx.params.invalid('VisibilityTimeout', String(timeout), 'Must be between 0 and 43200.');
        }
        world.sqs.changeVisibility(queue, handle, timeout);
        return {};
      },
    },
  };
}
