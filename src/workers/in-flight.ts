import type { Logger } from '../logger.js';

/** One piece of front-door work running after its ack (a stop started from Slack, a button's command). */
export interface InFlightWork {
  /** What it is, for logs: the command line. */
  label: string;
  /**
   * Called when shutdown can wait no longer: tell whoever asked that the work was cut short and
   * record it, so the outcome is not lost. Must be quick (the process exits right after).
   */
  abandon?: () => Promise<void>;
}

export interface DrainReport {
  finished: number;
  abandoned: string[];
}

/**
 * The one registry of front-door work in flight (workers have their own lifecycle). On shutdown
 * it stops taking new work and waits for what runs, up to a deadline; what is still running then
 * is handed back through its `abandon`, and its environment lease expires by itself.
 */
export class InFlight {
  private readonly running = new Map<number, { work: InFlightWork; done: Promise<void> }>();
  private next = 0;
  private closed = false;

  constructor(private readonly logger: Logger) {}

  /** False once shutdown began: front doors must refuse new commands (saying so). */
  get accepting(): boolean {
    return !this.closed;
  }

  get size(): number {
    return this.running.size;
  }

  /** Runs `task` as tracked work; its failure is the caller's to handle, and is rethrown. */
  track<T>(work: InFlightWork, task: Promise<T>): Promise<T> {
    const id = this.next++;
    const done = task.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(id, { work, done });
    void done.then(() => this.running.delete(id));
    return task;
  }

  /** Stop accepting; wait for running work until `deadline` (epoch ms); abandon the rest. */
  async drain(deadline: number, now: () => number = Date.now): Promise<DrainReport> {
    this.closed = true;
    const entries = [...this.running.values()];
    if (entries.length > 0) this.logger.info({ inFlight: entries.length }, 'waiting for commands in flight');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - now()));
    });
    await Promise.race([Promise.all(entries.map((e) => e.done)), late]);
    clearTimeout(timer);
    const left = [...this.running.values()];
    const abandoned = left.map((e) => e.work.label);
    if (left.length > 0) {
      this.logger.warn({ abandoned }, 'shutdown deadline reached: handing back commands still running');
      await Promise.all(
        left.map((e) =>
          (e.work.abandon?.() ?? Promise.resolve()).catch((err: unknown) =>
            this.logger.warn({ err, command: e.work.label }, 'could not report an interrupted command'),
          ),
        ),
      );
    }
    return { finished: entries.length - left.length, abandoned };
  }
}
