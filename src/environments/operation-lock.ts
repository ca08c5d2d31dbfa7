import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { EnvironmentMemory } from './environment-memory.js';
import type { OperationInfo } from './model.js';

export interface HeldOperation {
  release(): Promise<void>;
}

export type LockResult = { ok: true; held: HeldOperation } | { ok: false; holder?: OperationInfo };

export interface LockTiming {
  /** How long the lease lives without renewal: what a crashed replica blocks, at most. */
  ttlMs: number;
  /** How often a running operation renews it. */
  heartbeatMs: number;
}

/**
 * One stop or start per environment at a time, across replicas: a store lease `env-op#<name>`
 * held for the whole operation and renewed while it runs. Next to it, the `operation` item says
 * who holds it, so a second asker is told "already being stopped by …" instead of a bare no.
 */
export class OperationLock {
  constructor(
    private readonly store: Store,
    private readonly memory: EnvironmentMemory,
    private readonly logger: Logger,
    private readonly timing: LockTiming,
  ) {}

  async acquire(environment: string, info: OperationInfo): Promise<LockResult> {
    const name = `env-op#${environment}`;
    // Unique per operation: the same person running two stops at once must still get one.
    const owner = `${info.operation}:${randomUUID()}`;
    const lease = await this.store.acquireLease(name, owner, this.timing.ttlMs);
    if (!lease) {
      const holder = await this.memory.operation(environment).catch(() => undefined);
      return { ok: false, ...(holder ? { holder } : {}) };
    }
    await this.memory.setOperation(environment, info, this.timing.ttlMs);
    const timer = setInterval(() => {
      void this.renew(name, owner, environment, info);
    }, this.timing.heartbeatMs);
    timer.unref();
    let released = false;
    return {
      ok: true,
      held: {
        release: async () => {
          if (released) return;
          released = true;
          clearInterval(timer);
          await this.memory
            .clearOperation(environment)
            .catch((err) => this.logger.warn({ err, environment }, 'could not clear the operation record'));
          await this.store
            .releaseLease(name, owner)
            .catch((err) => this.logger.warn({ err, environment }, 'could not release the operation lease'));
        },
      },
    };
  }

  private async renew(name: string, owner: string, environment: string, info: OperationInfo): Promise<void> {
    try {
      const lease = await this.store.acquireLease(name, owner, this.timing.ttlMs);
      if (!lease) {
        this.logger.warn(
          { environment, operation: info.operation },
          'lost the operation lease; another replica may start the same operation',
        );
        return;
      }
      await this.memory.setOperation(environment, info, this.timing.ttlMs);
    } catch (err) {
      this.logger.warn({ err, environment }, 'could not renew the operation lease');
    }
  }
}
