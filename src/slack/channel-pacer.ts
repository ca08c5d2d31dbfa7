/**
 * Paces posts per channel. Slack allows about one chat.postMessage per second per channel (short
 * bursts tolerated), and @slack/web-api answers a 429 by pausing its whole queue — so one hot
 * channel (an audit feed, an alarm storm) would stall every other call. Each channel gets its
 * own token bucket here, so the others keep flowing.
 */
export class ChannelPacer {
  private readonly buckets = new Map<
    string,
    { tokens: number; updated: number; queue: Promise<unknown>; blockedUntil: number }
  >();

  constructor(
    private readonly options: {
      perSecond?: number;
      burst?: number;
      now?: () => number;
      sleep?: (ms: number) => Promise<void>;
    } = {},
  ) {}

  /** Runs `post` when the channel has room; calls for one channel run in order. */
  schedule<T>(channel: string, post: () => Promise<T>): Promise<T> {
    const perSecond = this.options.perSecond ?? 1;
    const burst = this.options.burst ?? 3;
    const now = this.options.now ?? Date.now;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const bucket = this.bucket(channel, burst, now);
    const run = bucket.queue.then(async () => {
      // Slack answered 429 for this channel: wait out its Retry-After before anything else goes.
      while (bucket.blockedUntil > now()) await sleep(bucket.blockedUntil - now());
      const refill = ((now() - bucket.updated) / 1000) * perSecond;
      bucket.tokens = Math.min(burst, bucket.tokens + refill);
      bucket.updated = now();
      if (bucket.tokens < 1) {
        await sleep(((1 - bucket.tokens) / perSecond) * 1000);
        bucket.tokens = 1;
        bucket.updated = now();
      }
      bucket.tokens -= 1;
      return post();
    });
    // The next post waits for this one's turn, not for its success.
    bucket.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Holds this channel back for `ms` (a 429's Retry-After): posts already queued for it wait,
   * other channels keep flowing.
   */
  holdOff(channel: string, ms: number): void {
    const now = this.options.now ?? Date.now;
    const bucket = this.bucket(channel, this.options.burst ?? 3, now);
    bucket.blockedUntil = Math.max(bucket.blockedUntil, now() + ms);
    bucket.tokens = 0;
  }

  private bucket(channel: string, burst: number, now: () => number) {
    let bucket = this.buckets.get(channel);
    if (!bucket) {
      bucket = { tokens: burst, updated: now(), queue: Promise.resolve(), blockedUntil: 0 };
      this.buckets.set(channel, bucket);
    }
    return bucket;
  }
}
