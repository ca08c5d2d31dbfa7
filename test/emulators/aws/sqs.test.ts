import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  MessageNotInflight,
  QueueDoesNotExist,
  ReceiptHandleIsInvalid,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { emulatorPerTest, rejectionOf } from './support.js';

// Queues only: these tests create what they need, so no demo world.
const setup = emulatorPerTest({ sqs: SQSClient }, { seed: false });

async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}) {
  const out = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return out.QueueUrl!;
}

describe('SQS emulator', () => {
  it('creates queues, resolves URLs and reports attributes', async () => {
    const { emu, sqs } = await setup();
    const url = await createQueue(sqs, 'orders', { VisibilityTimeout: '45' });
    expect(url).toBe(`${emu.url}/111111111111/orders`);
    expect(await createQueue(sqs, 'orders', { VisibilityTimeout: '45' })).toBe(url);
    const conflict = await rejectionOf(createQueue(sqs, 'orders', { VisibilityTimeout: '10' }));
    expect(conflict.name).toBe('QueueNameExists');

    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }))).QueueUrl).toBe(url);
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(attrs.Attributes).toMatchObject({
      QueueArn: 'arn:aws:sqs:ap-northeast-1:111111111111:orders',
      VisibilityTimeout: '45',
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
    const one = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );
    expect(Object.keys(one.Attributes ?? {})).toEqual(['QueueArn']);

    const missing = await rejectionOf(sqs.send(new GetQueueUrlCommand({ QueueName: 'ghost' })));
    expect(missing).toBeInstanceOf(QueueDoesNotExist);
    const bad = await rejectionOf(createQueue(sqs, 'bad name!'));
    expect(bad.name).toBe('InvalidAttributeValue');
  });

  it('sends and receives with message attributes, MD5s and receive counts', async () => {
    const { sqs } = await setup();
    const url = await createQueue(sqs, 'jobs');
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'hello ✓',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'greeting' },
          size: { DataType: 'Number', StringValue: '3' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      }),
    );
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('hello ✓').digest('hex'));
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);

    const got = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        VisibilityTimeout: 0,
      }),
    );
    const message = got.Messages?.[0];
    expect(message).toMatchObject({ MessageId: sent.MessageId, Body: 'hello ✓' });
    expect(message?.MessageAttributes?.['kind']).toEqual({ DataType: 'String', StringValue: 'greeting' });
    expect(message?.MessageAttributes?.['blob']?.BinaryValue).toEqual(new Uint8Array([1, 2, 3]));
    expect(message?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(message?.Attributes?.ApproximateReceiveCount).toBe('1');

    const again = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['kind'],
      }),
    );
    expect(again.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(Object.keys(again.Messages?.[0]?.MessageAttributes ?? {})).toEqual(['kind']);

    const tooMany = await rejectionOf(
      sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 11 })),
    );
    expect(tooMany.name).toBe('InvalidParameterValue');
    const noBody = await rejectionOf(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '' })));
    expect(noBody.name).toBe('MissingParameter');
  });

  it('long polling returns as soon as a message arrives, and waits the full time otherwise', async () => {
    const { emu, sqs } = await setup();
    const url = await createQueue(sqs, 'events');
    const started = Date.now();
    setTimeout(() => emu.world.sendMessage('events', 'ping'), 150);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }));
    const elapsed = Date.now() - started;
    expect(got.Messages?.[0]?.Body).toBe('ping');
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(2_000);

    const emptyStart = Date.now();
    const empty = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    expect(empty.Messages).toBeUndefined();
    expect(Date.now() - emptyStart).toBeGreaterThanOrEqual(950);
  });

  it('hides received messages for the visibility timeout, in real time and across clock jumps', async () => {
    const { emu, sqs } = await setup();
    const url = await createQueue(sqs, 'work', { VisibilityTimeout: '30' });
    emu.world.sendMessage('work', 'task');
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(first.Messages).toHaveLength(1);
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    expect(emu.world.queue('work')).toMatchObject({ visible: 0, inFlight: 1 });

    emu.clock.advance(31_000);
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 1 }));
    expect(second.Messages?.[0]?.Body).toBe('task');

    // The first receipt handle is stale now: deleting with it succeeds but deletes nothing.
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.Messages![0]!.ReceiptHandle }),
    );
    expect(emu.world.queue('work')?.messages).toHaveLength(1);

    // A 1 s visibility timeout expires in real time; a long poll picks the message up again.
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5 }));
    expect(third.Messages?.[0]?.Body).toBe('task');

    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: third.Messages![0]!.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const fourth = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0 }));
    expect(fourth.Messages).toHaveLength(1);
    const notInflight = await rejectionOf(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: fourth.Messages![0]!.ReceiptHandle,
          VisibilityTimeout: 10,
        }),
      ),
    );
    expect(notInflight).toBeInstanceOf(MessageNotInflight);

    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: fourth.Messages![0]!.ReceiptHandle }),
    );
    expect(emu.world.queue('work')?.messages).toHaveLength(0);
    const garbage = await rejectionOf(
      sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' })),
    );
    expect(garbage).toBeInstanceOf(ReceiptHandleIsInvalid);
  });

  it('deletes in batches and reports per-entry failures', async () => {
    const { emu, sqs } = await setup();
    const url = await createQueue(sqs, 'batch');
    for (const body of ['a', 'b', 'c']) emu.world.sendMessage('batch', body);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }));
    expect(got.Messages).toHaveLength(3);
    const out = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          ...got.Messages!.map((m, i) => ({ Id: `m${i}`, ReceiptHandle: m.ReceiptHandle })),
          { Id: 'bad', ReceiptHandle: 'not-a-handle' },
        ],
      }),
    );
    expect(out.Successful?.map((s) => s.Id)).toEqual(['m0', 'm1', 'm2']);
    expect(out.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid', SenderFault: true }),
    ]);
    expect(emu.world.queue('batch')?.messages).toHaveLength(0);

    const empty = await rejectionOf(sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [] })));
    expect(empty.name).toBe('EmptyBatchRequest');
    const dup = await rejectionOf(
      sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'x', ReceiptHandle: 'h' },
            { Id: 'x', ReceiptHandle: 'h' },
          ],
        }),
      ),
    );
    expect(dup.name).toBe('BatchEntryIdsNotDistinct');
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    const { emu, sqs } = await setup();
    const queue = emu.world.addQueue({
      name: 'main',
      deadLetterQueue: { name: 'main-dlq', maxReceiveCount: 2 },
    });
    emu.world.sendMessage('main', 'poison');
    for (let i = 1; i <= 2; i++) {
      const got = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          VisibilityTimeout: 0,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      expect(got.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe(String(i));
    }
    const third = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url }));
    expect(third.Messages).toBeUndefined();
    const dlqUrl = emu.world.queue('main-dlq')!.url;
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl }));
    expect(dead.Messages?.[0]?.Body).toBe('poison');

    const badRedrive = await rejectionOf(
      createQueue(sqs, 'orphan', {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: 'arn:aws:sqs:ap-northeast-1:111111111111:ghost',
          maxReceiveCount: 3,
        }),
      }),
    );
    expect(badRedrive.name).toBe('InvalidAttributeValue');
  });

  it('answers a deleted or foreign queue URL with QueueDoesNotExist', async () => {
    const { emu, sqs } = await setup();
    const error = await rejectionOf(
      sqs.send(new ReceiveMessageCommand({ QueueUrl: `${emu.url}/111111111111/ghost` })),
    );
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect(error['Code']).toBe('AWS.SimpleQueueService.NonExistentQueue');
  });
});
