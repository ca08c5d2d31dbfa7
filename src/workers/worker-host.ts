import type { Logger } from '../logger.js';
import type { Worker } from './worker.js';

export interface WorkerHostOptions {
  logger: Logger;
  /** How long draining may take in all; ECS's stopTimeout must be larger (infra/ecs.tf). */
  drainTimeoutMs?: number;
  now?: () => number;
}

export interface WorkerHealth {
  name: string;
  state: 'idle' | 'running' | 'draining' | 'stopped' | 'failed';
  error?: string;
}

/** Owns the lifecycle of every background worker: one start, one drain, bounded in time. */
export class WorkerHost {
  private readonly controller = new AbortController();
  private readonly states = new Map<string, WorkerHealth>();
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly workers: readonly Worker[],
    private readonly options: WorkerHostOptions,
  ) {
    for (const w of workers) this.states.set(w.name, { name: w.name, state: 'idle' });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  health(): WorkerHealth[] {
    return [...this.states.values()];
  }

  /** Starts every worker; one that fails to start is logged and marked, the others still run. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await Promise.all(
      this.workers.map(async (worker) => {
        try {
          await worker.start(this.controller.signal);
          this.states.set(worker.name, { name: worker.name, state: 'running' });
          this.options.logger.info({ worker: worker.name }, 'worker started');
        } catch (error) {
          this.states.set(worker.name, { name: worker.name, state: 'failed', error: String(error) });
          this.options.logger.error({ err: error, worker: worker.name }, 'worker failed to start');
        }
      }),
    );
  }

  /**
   * Stops taking new work everywhere at once, then waits for each worker to finish or hand back
   * its in-flight work, within the drain timeout. Safe to call more than once.
   */
  stop(): Promise<void> {
    this.stopping ??= this.drainAll();
    return this.stopping;
  }

  private async drainAll(): Promise<void> {
    const now = this.options.now ?? Date.now;
    const deadline = now() + (this.options.drainTimeoutMs ?? 25_000);
    this.controller.abort();
    await Promise.all(
      this.workers.map(async (worker) => {
        const current = this.states.get(worker.name);
        if (current?.state !== 'running') return;
        this.states.set(worker.name, { name: worker.name, state: 'draining' });
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => {
          timer = setTimeout(() => resolve('late'), Math.max(0, deadline - now()));
        });
        try {
          const outcome = await Promise.race([worker.drain(deadline).then(() => 'drained' as const), late]);
          if (outcome === 'late') {
            this.options.logger.warn({ worker: worker.name }, 'worker did not drain before the deadline');
            this.states.set(worker.name, { name: worker.name, state: 'failed', error: 'drain timed out' });
          } else {
            this.states.set(worker.name, { name: worker.name, state: 'stopped' });
          }
        } catch (error) {
          this.options.logger.error({ err: error, worker: worker.name }, 'worker failed while draining');
          this.states.set(worker.name, { name: worker.name, state: 'failed', error: String(error) });
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }
}
