import type { Clock } from '../clock.js';

/** A repeating timer as a port: production waits on the wall clock, tests fire ticks by hand. */
export interface Ticker {
  /**
   * Calls `tick` now and then at every boundary of `intervalMs` (by the clock) until the returned
   * stop is called. The first call is the catch-up after a (re)start.
   */
  every(intervalMs: number, tick: () => void): () => void;
}

/**
 * Fires on the clock's interval boundaries (every minute at :00), not "every 60 s from start-up":
 * a 21:00 stop runs within a second of 21:00 whenever the process started.
 */
export function systemTicker(clock: Clock): Ticker {
  return {
    every(intervalMs, tick) {
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      const schedule = () => {
        if (stopped) return;
        const now = clock.now().getTime();
        const wait = intervalMs - (now % intervalMs);
        timer = setTimeout(() => {
          tick();
          schedule();
        }, wait);
        timer.unref();
      };
      queueMicrotask(() => {
        if (!stopped) tick();
      });
      schedule();
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    },
  };
}

/** A ticker driven by the test: nothing happens until `fire()`, which runs every registered tick once. */
export class ManualTicker implements Ticker {
  private readonly ticks = new Set<() => void>();

  every(_intervalMs: number, tick: () => void): () => void {
    this.ticks.add(tick);
    return () => this.ticks.delete(tick);
  }

  fire(): void {
    for (const tick of this.ticks) tick();
  }

  get registered(): number {
    return this.ticks.size;
  }
}
