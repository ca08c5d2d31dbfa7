/**
 * A token bucket, the model AWS documents for its API rate limits: `capacity` calls in a burst,
 * refilled at `refillPerSecond`. Time is passed in so the caller decides which timeline counts
 * (the emulator uses real time: rate limits are felt in real seconds).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  tryTake(now: number): boolean {
    const elapsedSeconds = Math.max(0, now - this.last) / 1000;
    this.tokens = Math.min(this.capacity, this.tokens + elapsedSeconds * this.refillPerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
