import { isThrottling } from '../aws/aws-errors.js';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Client-side pacing for an AWS API limit documented as a token bucket (ECS service-modify
 * calls: a burst of 50, then 5 per second, per account and Region). Calls wait for a token
 * instead of spending AWS's budget on errors; one bucket is shared by every environment that
 * lives in the same account and Region.
 */
export class Pacer {
  private tokens: number;
  private last: number;
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

  private async waitForToken(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.perSecond) * 1000));
    }
  }
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: Sleep;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 8,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  sleep: realSleep,
};

/**
 * Retries a call AWS throttled, with exponential backoff and jitter (what AWS recommends so
 * that many clients don't retry in step). Other errors go straight to the caller: retrying an
 * AccessDenied or a missing service only delays the message that says so.
 */
export async function retryThrottled<T>(
  call: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error) || attempt >= options.attempts) throw error;
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      await options.sleep(Math.max(1, Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)));
    }
  }
}
