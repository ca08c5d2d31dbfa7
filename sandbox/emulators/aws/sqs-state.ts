import type { EmulatorClock } from './clock.js';
import { parseArn, randomHex, uuid } from './ids.js';
import { sqsErrors } from './sqs-errors.js';
import { md5Hex, md5OfMessageAttributes } from './sqs-md5.js';
import type { Scope, SqsMessage, SqsMessageAttribute, SqsQueue, Tags } from './world-types.js';

const DEFAULT_ATTRIBUTES: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

const INT_ATTRIBUTES: Readonly<Record<string, [number, number]>> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

const FREE_ATTRIBUTES = new Set([
  'Policy',
  'KmsMasterKeyId',
  'SqsManagedSseEnabled',
  'RedriveAllowPolicy',
  'RedrivePolicy',
]);
const FIFO_ATTRIBUTES = new Set([
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);

/** Valid XML 1.0 characters, the only ones SQS accepts in a message. */
const INVALID_CHARS = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export interface ReceiveOptions {
  maxMessages: number;
  visibilityTimeout?: number;
  waitSeconds: number;
}

interface Entry {
  queue: SqsQueue;
  waiters: Set<() => void>;
}

const key = (scope: Scope, name: string) => `${scope.accountId}|${scope.region}|${name}`;

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export function parseRedrivePolicy(value: string | undefined): RedrivePolicy | undefined {
  if (!value) return undefined;
  try {
    const parsed = JSON.parse(value) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    const count = Number(parsed.maxReceiveCount);
    if (typeof parsed.deadLetterTargetArn !== 'string' || !Number.isInteger(count)) return undefined;
    return { deadLetterTargetArn: parsed.deadLetterTargetArn, maxReceiveCount: count };
  } catch {
    return undefined;
  }
}

/**
 * Standard SQS queues: at-least-once delivery with visibility timeouts, long polling, delays,
 * retention and redrive to a dead-letter queue. Timing uses the wall timeline (real seconds plus
 * explicit advances), see EmulatorClock.
 */
export class SqsState {
  private readonly entries = new Map<string, Entry>();
  private readonly closed = new AbortController();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly baseUrl: () => string,
  ) {
    clock.onAdvance(() => this.wakeAll());
  }

  url(queue: Scope & { name: string }): string {
    return `${this.baseUrl()}/${queue.accountId}/${queue.name}`;
  }

  /** Creates a queue, or returns the existing one when the attributes match (as CreateQueue does). */
  create(scope: Scope, name: string, attributes: Record<string, string> = {}, tags: Tags = {}): SqsQueue {
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
      if (name.endsWith('.fifo'))
        throw sqsErrors.unsupported('FIFO queues are not supported by this emulator.');
      throw sqsErrors.invalidAttributeValue(
        'QueueName',
        'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      );
    }
    this.validateAttributes(scope, attributes);
    const existing = this.entries.get(key(scope, name));
    if (existing) {
      for (const [k, v] of Object.entries(attributes)) {
        if (existing.queue.attributes[k] !== v) throw sqsErrors.queueNameExists(name);
      }
      return existing.queue;
    }
    const now = this.clock.now();
    const queue: SqsQueue = {
      ...scope,
      name,
      arn: `arn:aws:sqs:${scope.region}:${scope.accountId}:${name}`,
      attributes: { ...DEFAULT_ATTRIBUTES, ...attributes },
      createdAt: now,
      lastModifiedAt: now,
      tags: { ...tags },
      messages: [],
    };
    this.entries.set(key(scope, name), { queue, waiters: new Set() });
    return queue;
  }

  setAttributes(queue: SqsQueue, attributes: Record<string, string>): void {
    this.validateAttributes(queue, attributes);
    Object.assign(queue.attributes, attributes);
    queue.lastModifiedAt = this.clock.now();
  }

  private validateAttributes(scope: Scope, attributes: Record<string, string>): void {
    for (const [name, value] of Object.entries(attributes)) {
      if (FIFO_ATTRIBUTES.has(name))
        throw sqsErrors.unsupported('FIFO queues are not supported by this emulator.');
      const range = INT_ATTRIBUTES[name];
      if (range) {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < range[0] || n > range[1]) {
          throw sqsErrors.invalidAttributeValue(name, `Must be an integer from ${range[0]} to ${range[1]}.`);
        }
        continue;
      }
      if (!FREE_ATTRIBUTES.has(name)) throw sqsErrors.invalidAttributeName(name);
      if (name === 'RedrivePolicy' && value !== '') {
        const policy = parseRedrivePolicy(value);
        if (!policy || policy.maxReceiveCount < 1 || policy.maxReceiveCount > 1000) {
          throw sqsErrors.invalidAttributeValue(
            name,
            'Redrive policy is not a valid JSON map with deadLetterTargetArn and maxReceiveCount from 1 to 1000.',
          );
        }
        const dlq = this.byArn(policy.deadLetterTargetArn);
        if (!dlq || dlq.accountId !== scope.accountId || dlq.region !== scope.region) {
          throw sqsErrors.invalidAttributeValue(name, 'Dead-letter target does not exist.');
        }
      }
    }
  }

  delete(queue: SqsQueue): void {
    const entry = this.entries.get(key(queue, queue.name));
    if (!entry) return;
    this.entries.delete(key(queue, queue.name));
    for (const wake of entry.waiters) wake();
  }

  get(scope: Scope, name: string): SqsQueue | undefined {
    return this.entries.get(key(scope, name))?.queue;
  }

  list(scope: Scope): SqsQueue[] {
    return this.all().filter((q) => q.accountId === scope.accountId && q.region === scope.region);
  }

  all(): SqsQueue[] {
    return [...this.entries.values()].map((e) => e.queue);
  }

  /** Resolves a QueueUrl: the account and name are the last two path segments, as in AWS. */
  byUrl(scope: Scope, queueUrl: string): SqsQueue {
    let url: URL;
    try {
      url = new URL(queueUrl);
    } catch {
      throw sqsErrors.invalidAddress(queueUrl);
    }
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts.length !== 2) throw sqsErrors.invalidAddress(queueUrl);
    const [accountId, name] = parts as [string, string];
    if (accountId !== scope.accountId) throw sqsErrors.queueDoesNotExist();
    const queue = this.get(scope, name);
    if (!queue) throw sqsErrors.queueDoesNotExist();
    return queue;
  }

  byArn(arn: string): SqsQueue | undefined {
    const parsed = parseArn(arn);
    if (parsed?.service !== 'sqs') return undefined;
    return this.get({ accountId: parsed.accountId, region: parsed.region }, parsed.resource);
  }

  send(
    queue: SqsQueue,
    input: {
      body: string;
      delaySeconds?: number;
      attributes?: Record<string, SqsMessageAttribute>;
      senderId: string;
    },
  ): SqsMessage {
    if (INVALID_CHARS.test(input.body)) throw sqsErrors.invalidMessageContents();
    const limit = Number(queue.attributes['MaximumMessageSize']);
    const attributes = input.attributes ?? {};
    const size =
      Buffer.byteLength(input.body, 'utf8') +
      Object.entries(attributes).reduce(
        (sum, [name, a]) =>
          sum +
          Buffer.byteLength(name) +
          Buffer.byteLength(a.dataType) +
          (a.binaryValue?.length ?? Buffer.byteLength(a.stringValue ?? '')),
        0,
      );
    if (size > limit) throw sqsErrors.messageTooLong(limit);
    const wall = this.clock.wallNow();
    const delay = input.delaySeconds ?? Number(queue.attributes['DelaySeconds']);
    const message: SqsMessage = {
      id: uuid(),
      body: input.body,
      md5OfBody: md5Hex(input.body),
      attributes,
      sentAt: this.clock.now(),
      visibleAt: wall + delay * 1000,
      expiresAt: wall + Number(queue.attributes['MessageRetentionPeriod']) * 1000,
      receiveCount: 0,
      senderId: input.senderId,
    };
    const md5Attrs = md5OfMessageAttributes(attributes);
    if (md5Attrs) message.md5OfAttributes = md5Attrs;
    queue.messages.push(message);
    this.wake(queue);
    return message;
  }

  /** Takes up to `maxMessages` visible messages, long-polling up to `waitSeconds` of real time. */
  async receive(queue: SqsQueue, options: ReceiveOptions, signal: AbortSignal): Promise<SqsMessage[]> {
    const deadline = this.clock.wallNow() + options.waitSeconds * 1000;
    for (;;) {
      const got = this.take(queue, options);
      if (got.length > 0 || signal.aborted || this.closed.signal.aborted) return got;
      const now = this.clock.wallNow();
      if (now >= deadline || !this.entries.has(key(queue, queue.name))) return got;
      const nextVisible = queue.messages.reduce(
        (min, m) => (m.visibleAt > now ? Math.min(min, m.visibleAt) : min),
        Number.POSITIVE_INFINITY,
      );
      await this.waitFor(queue, Math.min(deadline, nextVisible) - now, signal);
    }
  }

  private take(queue: SqsQueue, options: ReceiveOptions): SqsMessage[] {
    const now = this.clock.wallNow();
    queue.messages = queue.messages.filter((m) => m.expiresAt > now);
    const redrive = parseRedrivePolicy(queue.attributes['RedrivePolicy']);
    const dlq = redrive ? this.byArn(redrive.deadLetterTargetArn) : undefined;
    const visibility = options.visibilityTimeout ?? Number(queue.attributes['VisibilityTimeout']);
    const taken: SqsMessage[] = [];
    for (const message of [...queue.messages]) {
      if (taken.length >= options.maxMessages) break;
      if (message.visibleAt > now) continue;
      if (redrive && dlq && message.receiveCount >= redrive.maxReceiveCount) {
        // The receive that would exceed maxReceiveCount moves the message instead of returning it.
        queue.messages = queue.messages.filter((m) => m !== message);
        dlq.messages.push({
          ...message,
          receiveCount: 0,
          visibleAt: now,
          receiptHandle: undefined,
          firstReceivedAt: undefined,
        });
        this.wake(dlq);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= this.clock.now();
      message.visibleAt = now + visibility * 1000;
      message.receiptHandle = this.makeHandle(queue, message);
      taken.push(message);
    }
    return taken;
  }

  private makeHandle(queue: SqsQueue, message: SqsMessage): string {
    return Buffer.from(`${queue.arn} ${message.id} ${message.receiveCount} ${randomHex(32)}`).toString(
      'base64',
    );
  }

  private resolveHandle(queue: SqsQueue, handle: string): SqsMessage | undefined {
    const decoded = /^[A-Za-z0-9+/=]+$/.test(handle) ? Buffer.from(handle, 'base64').toString('utf8') : '';
    const [arn, messageId, count, nonce] = decoded.split(' ');
    if (!arn || !messageId || !count || !nonce || arn !== queue.arn)
      throw sqsErrors.receiptHandleIsInvalid(handle);
    return queue.messages.find((m) => m.id === messageId);
  }

  /**
   * Deletes the message received with this handle. As documented by AWS, a handle from an older
   * receive succeeds without deleting anything: the message was handed to someone else since.
   */
  deleteMessage(queue: SqsQueue, handle: string): void {
    const message = this.resolveHandle(queue, handle);
    if (message && message.receiptHandle === handle)
      queue.messages = queue.messages.filter((m) => m !== message);
  }

  changeVisibility(queue: SqsQueue, handle: string, seconds: number): void {
    const message = this.resolveHandle(queue, handle);
    if (!message || message.receiptHandle !== handle) throw sqsErrors.handleNotAvailable(handle);
    const now = this.clock.wallNow();
    if (message.visibleAt <= now) throw sqsErrors.messageNotInflight();
    message.visibleAt = now + seconds * 1000;
    if (seconds === 0) this.wake(queue);
  }

  purge(queue: SqsQueue): void {
    queue.messages = [];
  }

  counts(queue: SqsQueue): { visible: number; inFlight: number; delayed: number } {
    const now = this.clock.wallNow();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const m of queue.messages) {
      if (m.expiresAt <= now) continue;
      if (m.visibleAt <= now) visible++;
      else if (m.receiveCount > 0) inFlight++;
      else delayed++;
    }
    return { visible, inFlight, delayed };
  }

  private wake(queue: SqsQueue): void {
    const entry = this.entries.get(key(queue, queue.name));
    if (!entry) return;
    for (const wake of [...entry.waiters]) wake();
  }

  wakeAll(): void {
    for (const entry of this.entries.values()) for (const wake of [...entry.waiters]) wake();
  }

  private waitFor(queue: SqsQueue, ms: number, signal: AbortSignal): Promise<void> {
    const entry = this.entries.get(key(queue, queue.name));
    if (!entry) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        entry.waiters.delete(done);
        signal.removeEventListener('abort', done);
        this.closed.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, Math.ceil(ms)));
      entry.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
      this.closed.signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Ends every long poll at once (the emulator is closing). */
  close(): void {
    this.closed.abort();
  }
}
