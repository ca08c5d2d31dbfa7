import { randomBytes } from 'node:crypto';
import type { Clock } from './types.js';

/**
 * Slack-looking identifiers. IDs are counter-based (readable, unique per emulator, stable
 * across a test run); secrets that Slack makes unguessable (trigger ids, response_url paths)
 * use random bytes so a test cannot pass by guessing.
 */
export class IdGenerator {
  private counter = 0;

  /** `prefix` is Slack's type letter: C channel, D DM, U user, F file, V view, S group… */
  next(prefix: string): string {
    this.counter += 1;
    return `${prefix}0E${this.counter.toString(36).toUpperCase().padStart(7, '0')}`;
  }

  /** Shaped like Slack's `13345224609.738474920.8088930838d88f008e0`. */
  triggerId(nowMs: number): string {
    this.counter += 1;
    return `${Math.floor(nowMs / 1000)}.${this.counter}.${randomBytes(10).toString('hex')}`;
  }

  secret(bytes = 12): string {
    return randomBytes(bytes).toString('hex');
  }

  /** Short random block ids like the ones Slack fills in (`"qTg"`, `"BVp"`). */
  blockId(): string {
    return randomBytes(3).toString('base64url').slice(0, 4);
  }
}

/**
 * Message timestamps: `seconds.microseconds`, unique and strictly increasing, like Slack's
 * (which are unique per channel; globally unique here is stricter and simpler).
 */
export class TsGenerator {
  private lastMicros = 0n;

  constructor(private readonly clock: Clock) {}

  next(): string {
    let micros = BigInt(Math.floor(this.clock())) * 1000n;
    if (micros <= this.lastMicros) micros = this.lastMicros + 1n;
    this.lastMicros = micros;
    const seconds = micros / 1_000_000n;
    const fraction = (micros % 1_000_000n).toString().padStart(6, '0');
    return `${seconds}.${fraction}`;
  }
}

/** `1700000000.000100` → true. Slack rejects anything else as a timestamp argument. */
export function isSlackTs(value: string): boolean {
  return /^\d{1,12}\.\d{6}$/.test(value);
}

/**
 * A timestamp (`1700000000.000100`, or a bare `1700000000`) as integer microseconds: compare
 * these, not floats, which lose the last digits of a 16-digit ts.
 */
export function tsToMicros(ts: string): bigint {
  const [seconds = '0', fraction = ''] = ts.split('.');
  return BigInt(seconds || '0') * 1_000_000n + BigInt(`${fraction}000000`.slice(0, 6));
}
