/**
 * A background loop (alarm queue consumer, scheduler, watchers, pull request follower). The
 * composition root starts every worker after the front door is ready and stops them on
 * SIGTERM/SIGINT by draining: no new work, in-flight work finished or handed back, leases released.
 */
export interface Worker {
  /** Short stable name for logs and health. */
  readonly name: string;
  /**
   * Begins the loop and returns once it is running (not when it ends). `signal` aborts when the
   * host begins to drain: stop taking new work then.
   */
  start(signal: AbortSignal): Promise<void>;
  /**
   * Resolves when in-flight work is finished or handed back (messages made visible again, leases
   * released). Called after `signal` aborted; must respect the deadline (epoch ms) it is given.
   */
  drain(deadline: number): Promise<void>;
}
