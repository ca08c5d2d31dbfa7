import { realSleep, type Sleep } from './sleep.js';

/**
 * infrabot's one rate limiter: a token bucket for an API limit documented as one — ECS
 * service-modify calls (a burst of 50, then 5 per second, per account and Region), Slack's
 * chat.postMessage (about 1 per second per channel). Calls wait for a token instead of spending
 * the service's budget on errors. `holdOff` empties it for a while (a 429's Retry-After).
 */
export class Pacer {
  private tokens: number;
  private last: number;
  private blockedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: Sleep = realSleep,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  /** Resolves when the caller may make one call. Callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** No token for `ms` from now, and none saved up: what a Retry-After asks for. */
  holdOff(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.now() + ms);
    this.tokens = 0;
    this.last = this.now();
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const blocked = this.blockedUntil - this.now();
      if (blocked > 0) {
        await this.sleep(blocked);
        continue;
      }
      const now = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(((1 - this.tokens) / this.perSecond) * 1000);
    }
  }
}
