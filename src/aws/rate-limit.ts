import { realSleep, type Sleep } from '../util/sleep.js';
import { isThrottling } from './aws-errors.js';

/**
 * infrabot's one retry policy for AWS calls. The SDK clients make a single attempt each
 * (`AwsClientFactory` sets maxAttempts 1): retrying in both places multiplied the requests
 * (8 × 3 for one throttled call) and hid the wait from the person watching the progress.
 */
export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts once this much time has gone by since the first attempt. */
  maxTotalMs: number;
  sleep: Sleep;
  now: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxTotalMs: 45_000,
  sleep: realSleep,
  now: () => performance.now(),
};

/**
 * Retries a call AWS throttled, with exponential backoff and jitter (what AWS recommends so
 * that many clients don't retry in step), within a bounded number of attempts and total time.
 * Other errors go straight to the caller: retrying an AccessDenied or a missing service only
 * delays the message that says so. `onRetry` hears of each wait, so progress can say it.
 */
export async function retryThrottled<T>(
  call: () => Promise<T>,
  options: RetryOptions = DEFAULT_RETRY,
  onRetry?: (attempt: number, delayMs: number) => void,
): Promise<T> {
  const began = options.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isThrottling(error) || attempt >= options.attempts) throw error;
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.max(1, Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
      if (options.now() - began + delay > options.maxTotalMs) throw error;
      onRetry?.(attempt, delay);
      await options.sleep(delay);
    }
  }
}
