import type { Clock } from './types.js';

/**
 * Slack's Web API rate limits (docs.slack.dev/apis/web-api/rate-limits), modelled as token
 * buckets: a bucket holds up to `capacity` calls and refills at `refillPerSecond`. A call that
 * finds its bucket empty is answered HTTP 429 with `Retry-After` (whole seconds until a token
 * is back) and `{ ok: false, error: 'ratelimited' }`.
 *
 * Tiers are "per method, per workspace, per app"; Slack allows bursts up to the per-minute
 * figure, so a tier bucket holds one minute's worth:
 *   Tier 1: 1/min · Tier 2: 20/min · Tier 3: 50/min · Tier 4: 100/min.
 *
 * chat.postMessage is special: about 1 message per second per channel with short bursts. We use
 * a bucket of 3 per channel refilling 1/s, plus a workspace-wide bucket of 300 refilling
 * 5/s ("several hundred messages per minute" across channels).
 */

export interface BucketSpec {
  capacity: number;
  refillPerSecond: number;
}

export type Tier = 1 | 2 | 3 | 4;

const PER_MINUTE: Record<Tier, number> = { 1: 1, 2: 20, 3: 50, 4: 100 };

export function tierBucket(tier: Tier): BucketSpec {
  return { capacity: PER_MINUTE[tier], refillPerSecond: PER_MINUTE[tier] / 60 };
}

export const POST_MESSAGE_PER_CHANNEL: BucketSpec = { capacity: 3, refillPerSecond: 1 };
export const POST_MESSAGE_PER_WORKSPACE: BucketSpec = { capacity: 300, refillPerSecond: 5 };

/**
 * Documented tiers of the methods the emulator serves. auth.test and chat.getPermalink are
 * "Special" ("hundreds of requests per minute"); Tier 4 is the closest tier.
 */
export const METHOD_TIERS: Record<string, Tier> = {
  'auth.test': 4,
  'chat.update': 3,
  'chat.delete': 3,
  'chat.postEphemeral': 4,
  'chat.getPermalink': 4,
  'conversations.info': 3,
  'conversations.history': 3,
  'conversations.replies': 3,
  'views.open': 4,
  'views.update': 4,
  'views.push': 4,
  'views.publish': 4,
  'users.info': 4,
  'usergroups.users.list': 2,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
};

export interface LimitKey {
  key: string;
  spec: BucketSpec;
}

/** The buckets a call draws from; every one must have a token for the call to pass. */
export function limitsFor(method: string, channel: string | undefined): LimitKey[] {
  if (method === 'chat.postMessage') {
    const keys: LimitKey[] = [{ key: 'chat.postMessage', spec: POST_MESSAGE_PER_WORKSPACE }];
    if (channel) keys.push({ key: `chat.postMessage:${channel}`, spec: POST_MESSAGE_PER_CHANNEL });
    return keys;
  }
  const tier = METHOD_TIERS[method];
  return tier ? [{ key: method, spec: tierBucket(tier) }] : [];
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    public enabled = true,
  ) {}

  /** Takes one token from each bucket, or none at all when any of them is empty. */
  take(limits: LimitKey[]): RateDecision {
    if (!this.enabled || limits.length === 0) return { allowed: true };
    const now = this.clock();
    let waitSeconds = 0;
    const buckets = limits.map(({ key, spec }) => {
      const bucket = this.refill(key, spec, now);
      if (bucket.tokens < 1) waitSeconds = Math.max(waitSeconds, (1 - bucket.tokens) / spec.refillPerSecond);
      return bucket;
    });
    if (waitSeconds > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
    for (const bucket of buckets) bucket.tokens -= 1;
    return { allowed: true };
  }

  reset(): void {
    this.buckets.clear();
  }

  private refill(key: string, spec: BucketSpec, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: spec.capacity, updatedAt: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(spec.capacity, bucket.tokens + elapsedSeconds * spec.refillPerSecond);
    bucket.updatedAt = now;
    return bucket;
  }
}
