import type { Logger } from '../logger.js';
import type { Worker } from '../workers/worker.js';
import type { Scheduler } from './scheduler.js';
import type { Ticker } from './ticker.js';

/** Ticks on every minute boundary: a cron's finest step. */
export const TICK_MS = 60_000;

/**
 * The scheduler as a background worker: one tick at start (the catch-up after downtime), then one
 * per minute, both from the ticker. Ticks never overlap: a slow one (AWS throttled) makes the next one wait, not pile up.
 */
export class SchedulerWorker implements Worker {
  readonly name = 'scheduler';
  private stopTicking: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private aborted = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly ticker: Ticker,
    private readonly logger: Logger,
  ) {}

  async start(signal: AbortSignal): Promise<void> {
    signal.addEventListener('abort', () => this.halt(), { once: true });
    this.stopTicking = this.ticker.every(TICK_MS, () => {
      void this.tick();
    });
  }

  /** Runs one tick unless one is still running; resolves when the tick has decided. */
  tick(): Promise<void> {
    if (this.aborted) return Promise.resolve();
    this.running ??= this.scheduler
      .tick()
      .then((decisions) => {
        const acted = decisions.filter((d) => d.kind !== 'idle' && d.kind !== 'already-fired');
        if (acted.length > 0) this.logger.info({ decisions: acted }, 'schedule tick');
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'schedule tick failed'))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private halt(): void {
    this.aborted = true;
    this.stopTicking?.();
  }

  /**
   * No new ticks; operations already running finish (their leases are released when they end).
   * One cut off by the deadline keeps its lease until the TTL lapses, then another replica may act.
   */
  async drain(deadline: number): Promise<void> {
    this.halt();
    const late = new Promise<void>((resolve) =>
      setTimeout(resolve, Math.max(0, deadline - Date.now())).unref(),
    );
    await Promise.race([Promise.all([this.running, this.scheduler.idle()]).then(() => undefined), late]);
  }
}
