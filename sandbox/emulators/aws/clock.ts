/**
 * Two timelines drive the emulator.
 *
 * - Simulated time (`now()`) runs `speed` times faster than the wall clock. It paces the AWS
 *   control plane: ECS tasks starting, RDS instances stopping, the 7-day RDS auto-restart. Tests
 *   compress minutes into milliseconds with a high speed.
 * - Wall time (`wallNow()`) runs at real speed. It paces what a client experiences as a contract in
 *   real seconds: SQS visibility timeouts and long polls, API rate limits. Compressing those would
 *   make a healthy consumer look broken (a 30 s visibility timeout would expire mid-request).
 *
 * `advance(ms)` jumps both timelines, so a test can skip a visibility timeout or seven days at once.
 */
export class EmulatorClock {
  private readonly realStart = performance.now();
  private readonly epochStart: number;
  private advancedMs = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly speed = 1,
    startAt: number = Date.now(),
  ) {
    if (!Number.isFinite(speed) || speed <= 0)
      throw new RangeError(`speed must be a positive number, got ${speed}`);
    this.epochStart = startAt;
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    return Math.floor(this.epochStart + (performance.now() - this.realStart) * this.speed + this.advancedMs);
  }

  /** Real-speed epoch milliseconds (plus every explicit `advance`). */
  wallNow(): number {
    return Math.floor(this.epochStart + (performance.now() - this.realStart) + this.advancedMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`advance needs a non-negative number of ms, got ${ms}`);
    this.advancedMs += ms;
    for (const listener of this.listeners) listener();
  }

  /** Called after every `advance`, e.g. to wake long polls whose messages just became visible. */
  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
