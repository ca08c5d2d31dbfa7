import type { types as slackTypes } from '@slack/bolt';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { Message } from '../commands/message.js';
import type { Logger } from '../logger.js';
import {
  type PostedRef,
  type PostOptions,
  PublishError,
  type Publisher,
  type ThreadReplyOptions,
  type Upload,
} from '../ports/publisher.js';
import { ChannelPacer } from './channel-pacer.js';
import { renderBlocks } from './render-blocks.js';

type KnownBlock = slackTypes.KnownBlock;

export interface SlackPublisherOptions {
  /**
   * A WebClient made with `rejectRateLimitedCalls: true`: @slack/web-api's own 429 handling pauses
   * its whole queue, so one hot channel would stall every call. Here a 429 holds back only the
   * channel that got it (the pacer) and the call is tried again.
   */
  client: WebClient;
  logger: Logger;
  /** chat.postMessage per channel (≈ 1/s with a short burst); shared with the request front door. */
  posts?: ChannelPacer;
  /** chat.update (Tier 3, 50+/min) and files.* (Tier 4) pace per method for the whole workspace. */
  methods?: ChannelPacer;
  /** How many times one call is tried after a 429 before it fails (each wait is Slack's Retry-After). */
  maxRateLimitRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** App Home allows 100 blocks. */
const HOME_BLOCKS = 100;

/** The one Slack adapter of the Publisher port: Block Kit rendering, pacing, per-channel 429s. */
export class SlackPublisher implements Publisher {
  private readonly posts: ChannelPacer;
  private readonly methods: ChannelPacer;

  constructor(private readonly options: SlackPublisherOptions) {
    this.posts = options.posts ?? new ChannelPacer();
    // 50/min sustained with room for a short burst of parent edits.
    this.methods = options.methods ?? new ChannelPacer({ perSecond: 50 / 60, burst: 10 });
  }

  async post(channel: string, message: Message, options: PostOptions = {}): Promise<PostedRef> {
    const rendered = renderBlocks(message);
    const out = await this.call(this.posts, channel, 'chat.postMessage', () =>
      this.options.client.chat.postMessage({
        channel,
        ...rendered,
        unfurl_links: options.unfurl === true,
        unfurl_media: options.unfurl === true,
      }),
    );
    return refOf(out, channel);
  }

  async postInThread(
    parent: PostedRef,
    message: Message,
    options: ThreadReplyOptions = {},
  ): Promise<PostedRef> {
    const rendered = renderBlocks(message);
    const out = await this.call(this.posts, parent.channel, 'chat.postMessage', () =>
      this.options.client.chat.postMessage({
        channel: parent.channel,
        thread_ts: parent.ts,
        reply_broadcast: options.broadcast === true,
        ...rendered,
        unfurl_links: options.unfurl === true,
        unfurl_media: options.unfurl === true,
      }),
    );
    return refOf(out, parent.channel);
  }

  async update(ref: PostedRef, message: Message): Promise<void> {
    const rendered = renderBlocks(message);
    await this.call(this.methods, 'chat.update', 'chat.update', () =>
      this.options.client.chat.update({ channel: ref.channel, ts: ref.ts, ...rendered }),
    );
  }

  async upload(channel: string, file: Upload, parent?: PostedRef): Promise<void> {
    await this.call(this.methods, 'files.upload', 'files.uploadV2', () =>
      this.options.client.filesUploadV2({
        channel_id: channel,
        ...(parent ? { thread_ts: parent.ts } : {}),
        file: Buffer.from(file.bytes),
        filename: file.filename,
        title: file.title,
        ...(file.altText ? { alt_text: file.altText } : {}),
        ...(file.comment ? { initial_comment: file.comment } : {}),
      } as Parameters<WebClient['filesUploadV2']>[0]),
    );
  }

  async permalink(ref: PostedRef): Promise<string> {
    const out = await this.call(this.methods, 'chat.getPermalink', 'chat.getPermalink', () =>
      this.options.client.chat.getPermalink({ channel: ref.channel, message_ts: ref.ts }),
    );
    if (!out.permalink) throw new PublishError('no_permalink', 'Slack returned no permalink', true);
    return out.permalink;
  }

  async publishHome(userId: string, sections: Message[]): Promise<void> {
    const blocks: KnownBlock[] = [];
    for (const [i, section] of sections.entries()) {
      if (i > 0) blocks.push({ type: 'divider' });
      blocks.push(...renderBlocks(section).blocks);
    }
    await this.call(this.methods, 'views.publish', 'views.publish', () =>
      this.options.client.views.publish({
        user_id: userId,
        view: { type: 'home', blocks: blocks.slice(0, HOME_BLOCKS) },
      }),
    );
  }

  /** Runs one call through its pacer; a 429 holds back that key only and the call is tried again. */
  private async call<T>(pacer: ChannelPacer, key: string, method: string, run: () => Promise<T>): Promise<T> {
    const maxRetries = this.options.maxRateLimitRetries ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        return await pacer.schedule(key, run);
      } catch (error) {
        const e = error as { code?: string; retryAfter?: number; data?: { error?: string } };
        if (e.code === ErrorCode.RateLimitedError && attempt < maxRetries) {
          const waitMs = Math.max(1, e.retryAfter ?? 1) * 1000;
          this.options.logger.warn(
            { method, key, waitMs },
            'Slack rate limited this channel; waiting it out',
          );
          pacer.holdOff(key, waitMs);
          continue;
        }
        throw toPublishError(error, method);
      }
    }
  }
}

function refOf(out: { ok?: boolean; ts?: string; channel?: string }, channel: string): PostedRef {
  if (!out.ts) throw new PublishError('no_ts', 'Slack accepted the message but returned no timestamp', true);
  return { channel: out.channel ?? channel, ts: out.ts };
}

/** Slack's error codes that trying again will not fix. */
const PERMANENT = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'invalid_blocks',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'msg_too_long',
  'message_not_found',
  'cant_update_message',
  'no_text',
]);

function toPublishError(error: unknown, method: string): PublishError {
  if (error instanceof PublishError) return error;
  const e = error as { code?: string; data?: { error?: string }; message?: string };
  if (e.code === ErrorCode.RateLimitedError) {
    return new PublishError('ratelimited', `${method}: Slack kept rate limiting`, true);
  }
  if (e.code === ErrorCode.PlatformError && e.data?.error) {
    const code = e.data.error;
    return new PublishError(code, `${method}: ${code}`, !PERMANENT.has(code));
  }
  return new PublishError('request_failed', `${method}: ${e.message ?? String(error)}`, true);
}
