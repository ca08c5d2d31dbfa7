import type { SQSClient } from '@aws-sdk/client-sqs';
import type { MessageQueue, QueueMessage } from '../ports/message-queue.js';

/** The MessageQueue port on SQS (long polling, visibility, the queue's own DLQ redrive). */
export class SqsMessageQueue implements MessageQueue {
  constructor(
    private readonly client: () => Promise<SQSClient>,
    readonly url: string,
  ) {}

  async receive(options: {
    max: number;
    waitSeconds: number;
    visibilitySeconds: number;
    signal?: AbortSignal;
  }): Promise<QueueMessage[]> {
    const { ReceiveMessageCommand } = await import('@aws-sdk/client-sqs');
    const client = await this.client();
    const out = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.url,
        MaxNumberOfMessages: options.max,
        WaitTimeSeconds: options.waitSeconds,
        VisibilityTimeout: options.visibilitySeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
      options.signal ? { abortSignal: options.signal } : {},
    );
    return (out.Messages ?? []).flatMap((m) =>
      m.MessageId && m.ReceiptHandle
        ? [
            {
              id: m.MessageId,
              body: m.Body ?? '',
              receipt: m.ReceiptHandle,
              receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 1),
            },
          ]
        : [],
    );
  }

  async delete(message: QueueMessage): Promise<void> {
    const { DeleteMessageCommand } = await import('@aws-sdk/client-sqs');
    await (await this.client()).send(
      new DeleteMessageCommand({ QueueUrl: this.url, ReceiptHandle: message.receipt }),
    );
  }

  async extend(message: QueueMessage, seconds: number): Promise<void> {
    const { ChangeMessageVisibilityCommand } = await import('@aws-sdk/client-sqs');
    await (await this.client()).send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.url,
        ReceiptHandle: message.receipt,
        VisibilityTimeout: seconds,
      }),
    );
  }
}

/** The region of a queue URL (https://sqs.<region>.amazonaws.com/<account>/<name>), if it says one. */
export function regionOfQueueUrl(url: string): string | undefined {
  return /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\//.exec(url)?.[1];
}
