/**
 * GitHub's two REST limits. The primary limit is a per-user hourly budget reported in the
 * `x-ratelimit-*` headers of every response. The secondary "content creation" limit caps
 * content-generating requests per minute and answers 403 with `retry-after` when exceeded.
 */

export interface PrimaryQuota {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds when the window resets. */
  reset: number;
}

export class PrimaryRateLimit {
  private readonly windows = new Map<number, { start: number; used: number }>();

  constructor(
    private readonly limitPerHour: number,
    private readonly now: () => Date,
  ) {}

  /** Spends one request; `exceeded` means the budget was already gone and nothing was spent. */
  consume(actorId: number): PrimaryQuota & { exceeded: boolean } {
    const now = this.now().getTime();
    let window = this.windows.get(actorId);
    if (!window || now >= window.start + 3_600_000) {
      window = { start: now, used: 0 };
      this.windows.set(actorId, window);
    }
    const exceeded = window.used >= this.limitPerHour;
    if (!exceeded) window.used += 1;
    return {
      limit: this.limitPerHour,
      remaining: this.limitPerHour - window.used,
      used: window.used,
      reset: Math.ceil((window.start + 3_600_000) / 1000),
      exceeded,
    };
  }

  /** Gives back the request just spent (a 304 answer to a conditional request is free). */
  refund(actorId: number): PrimaryQuota {
    const window = this.windows.get(actorId);
    if (window && window.used > 0) window.used -= 1;
    const used = window?.used ?? 0;
    return {
      limit: this.limitPerHour,
      remaining: this.limitPerHour - used,
      used,
      reset: Math.ceil(((window?.start ?? this.now().getTime()) + 3_600_000) / 1000),
    };
  }
}

export function quotaHeaders(quota: PrimaryQuota): Record<string, string> {
  return {
    'x-ratelimit-limit': String(quota.limit),
    'x-ratelimit-remaining': String(quota.remaining),
    'x-ratelimit-reset': String(quota.reset),
    'x-ratelimit-used': String(quota.used),
    'x-ratelimit-resource': 'core',
  };
}

export class ContentCreationLimit {
  private readonly recent = new Map<number, number[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => Date,
  ) {}

  /**
   * Admits one content-creating request, or returns how many seconds until the oldest request in
   * the last minute ages out. Rejected requests are not counted, like GitHub.
   */
  admit(actorId: number): { admitted: true } | { admitted: false; retryAfterSeconds: number } {
    const now = this.now().getTime();
    const windowStart = now - 60_000;
    const times = (this.recent.get(actorId) ?? []).filter((time) => time > windowStart);
    if (times.length >= this.perMinute) {
      this.recent.set(actorId, times);
      const oldest = times[0] ?? now;
      return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000)) };
    }
    times.push(now);
    this.recent.set(actorId, times);
    return { admitted: true };
  }
}
