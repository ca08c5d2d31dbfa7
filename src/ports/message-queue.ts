/**
 * A queue delivering at least once (SQS): received messages stay invisible for a while and come
 * back unless deleted; after too many receives the queue moves them to its dead-letter queue.
 */
export interface QueueMessage {
  id: string;
  body: string;
  /** What delete and visibility changes need. */
  receipt: string;
  /** How many times it has been received, this one included. */
  receiveCount: number;
}

export interface MessageQueue {
  /** Long-polls for up to `max` (≤ 10) messages, waiting up to `waitSeconds` (≤ 20) for the first. */
  receive(options: {
    max: number;
    waitSeconds: number;
    visibilitySeconds: number;
    signal?: AbortSignal;
  }): Promise<QueueMessage[]>;
  delete(message: QueueMessage): Promise<void>;
  /** Keeps a message invisible for `seconds` more from now (0 hands it back at once). */
  extend(message: QueueMessage, seconds: number): Promise<void>;
}
