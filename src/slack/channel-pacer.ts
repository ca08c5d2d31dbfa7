import { Pacer } from '../util/pacer.js';

/**
 * Paces posts per channel. Slack allows about one chat.postMessage per second per channel (short
 * bursts tolerated), and @slack/web-api answers a 429 by pausing its whole queue — so one hot
 * channel (an audit feed, an alarm storm) would stall every other call. Each channel gets its
 * own token bucket here, so the others keep flowing.
 */
export class ChannelPacer {
  private readonly channels = new Map<string, { pacer: Pacer; queue: Promise<unknown> }>();

  constructor(
    private readonly options: {
      perSecond?: number;
      burst?: number;
      now?: () => number;
      sleep?: (ms: number) => Promise<void>;
    } = {},
  ) {}

  /** Runs `post` when the channel has room; calls for one channel run in order, one at a time. */
  schedule<T>(channel: string, post: () => Promise<T>): Promise<T> {
    const state = this.channel(channel);
    const run = state.queue.then(async () => {
      await state.pacer.take();
      return post();
    });
    // The next post waits for this one's turn, not for its success.
    state.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Holds this channel back for `ms` (a 429's Retry-After): posts already queued for it wait,
   * other channels keep flowing.
   */
  holdOff(channel: string, ms: number): void {
    this.channel(channel).pacer.holdOff(ms);
  }

  private channel(channel: string) {
    let state = this.channels.get(channel);
    if (!state) {
      state = {
        pacer: new Pacer(
          this.options.burst ?? 3,
          this.options.perSecond ?? 1,
          this.options.now ?? Date.now,
          this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
        ),
        queue: Promise.resolve(),
      };
      this.channels.set(channel, state);
    }
    return state;
  }
}
