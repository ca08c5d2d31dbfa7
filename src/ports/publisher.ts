import type { Message } from '../commands/message.js';

/**
 * How anything that is not a reply to a request speaks to Slack: alert threads, schedule
 * warnings, pull request follow-ups, the audit feed. Domain code hands it front-door-neutral
 * Messages; the one Slack adapter (slack/slack-publisher.ts) renders them as Block Kit and paces
 * posts per channel. Replies to a request keep using the ack or response_url.
 */

/** Where a posted message lives, so it can be edited or replied to later (stored as data). */
export interface PostedRef {
  channel: string;
  /** Slack's message timestamp: the message id within its channel. */
  ts: string;
}

export interface PostOptions {
  /** Show link previews; off by default so console links don't unfurl into noise. */
  unfurl?: boolean;
}

export interface ThreadReplyOptions extends PostOptions {
  /** Also show the reply in the channel. Off by default: thread updates never re-broadcast. */
  broadcast?: boolean;
}

export interface Upload {
  filename: string;
  /** e.g. image/png or text/markdown; informational for the adapter. */
  contentType: string;
  bytes: Uint8Array;
  title: string;
  /** Alt text for images (screen readers, notification fallback). */
  altText?: string;
  /** A comment posted with the file. */
  comment?: string;
}

export interface Publisher {
  post(channel: string, message: Message, options?: PostOptions): Promise<PostedRef>;
  /** Replaces a message posted earlier (the parent of an incident, a progress board). */
  update(ref: PostedRef, message: Message): Promise<void>;
  postInThread(parent: PostedRef, message: Message, options?: ThreadReplyOptions): Promise<PostedRef>;
  /** Uploads a file into the channel, in the thread of `parent` when given. */
  upload(channel: string, file: Upload, parent?: PostedRef): Promise<void>;
  /** A link to a posted message (chat.getPermalink); optional for adapters that cannot link. */
  permalink?(ref: PostedRef): Promise<string>;
  /** Replaces a user's App Home tab. */
  publishHome(userId: string, sections: Message[]): Promise<void>;
}

/** A Slack call that failed for a reason worth telling apart (the adapter's errors carry it). */
export class PublishError extends Error {
  constructor(
    /** Slack's error code, e.g. not_in_channel, channel_not_found, invalid_blocks, ratelimited. */
    readonly code: string,
    message: string,
    /** True when trying again later may succeed (rate limits, 5xx, network). */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}
