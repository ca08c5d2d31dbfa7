import type { Clock } from '../clock.js';
import type { Config, EnvironmentConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import {
  type EnvironmentGateway,
  type EnvironmentGateways,
  type Failure,
  failureOf,
} from './environment-gateway.js';
import { EnvironmentMemory } from './environment-memory.js';
import type {
  ActorRef,
  EnvironmentRecord,
  Inventory,
  OperationInfo,
  SavedDatabase,
  SavedService,
} from './model.js';
import { OperationLock } from './operation-lock.js';
import { OperationTracker, outcomeWithoutChanges } from './operation-tracker.js';
import type { Operation, OperationEvent, OperationOutcome } from './outcome.js';
import { hasChanges, planStart, planStop, type StartPlan, type StopPlan } from './plan.js';
import { runWithProgress } from './progress-stream.js';
import { isConfigured, readInventory } from './read-inventory.js';
import { runStart } from './run-start.js';
import { runStop } from './run-stop.js';
import { DEFAULT_TIMING, type OperationTiming } from './timing.js';

export type { Operation } from './outcome.js';

/** Everything `status` shows about one environment. */
export interface EnvironmentStatus {
  name: string;
  region: string;
  protected: boolean;
  /** The team's time zone for this environment (its schedule's, else the config's). */
  timeZone: string;
  /** False when the config names no resources at all. */
  configured: boolean;
  inventory?: Inventory;
  savedServices: Map<string, SavedService>;
  savedDatabases: Map<string, SavedDatabase>;
  record?: EnvironmentRecord;
  /** A stop or start running right now. */
  operation?: OperationInfo;
}

export type PlanResult =
  | { kind: 'not-configured'; environment: string }
  | { kind: 'plan'; plan: StopPlan | StartPlan; running?: OperationInfo };

export type RunResult =
  | { kind: 'not-configured'; environment: string }
  | { kind: 'busy'; environment: string; holder?: OperationInfo }
  /** Nothing changed: `outcome.kind` says whether that is because all is in place or not readable. */
  | { kind: 'nothing-to-do'; plan: StopPlan | StartPlan; outcome: OperationOutcome }
  | {
      kind: 'started';
      plan: StopPlan | StartPlan;
      /** Every move as data; always ends with one `finished` event (the outcome). */
      progress: AsyncIterable<OperationEvent>;
      done: Promise<OperationOutcome>;
    };

export interface RunOptions {
  /**
   * Aborting it (Ctrl-C in the terminal) interrupts the operation: no further change starts, the
   * lease is released at once, and the stream ends with an interrupted outcome.
   */
  signal?: AbortSignal;
}

export interface EnvironmentServiceDeps {
  config: Config;
  /** The port to AWS (src/aws/aws-environment-gateways.ts in production, a fake in tests). */
  gateways: EnvironmentGateways;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Region of environments that name none. */
  defaultRegion: string;
  timing?: Partial<OperationTiming>;
}

/**
 * The environments capability: read an environment's state, plan a stop or start, and run it in
 * the background with progress. Knows AWS only through its port and the store, never Slack or
 * the terminal: it returns data (outcome.ts), and the verbs render it.
 */
export class EnvironmentService {
  private readonly memory: EnvironmentMemory;
  private readonly lock: OperationLock;
  private readonly timing: OperationTiming;

  constructor(private readonly deps: EnvironmentServiceDeps) {
    this.memory = new EnvironmentMemory(deps.store);
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.lock = new OperationLock(deps.store, this.memory, deps.logger, {
      ttlMs: this.timing.leaseTtlMs,
      heartbeatMs: this.timing.heartbeatMs,
    });
  }

  names(): string[] {
    return Object.keys(this.deps.config.environments);
  }

  private environment(name: string): EnvironmentConfig {
    const env = this.deps.config.environments[name];
    if (!env) throw new Error(`There is no environment ${name} in the config.`);
    return env;
  }

  private regionOf(env: EnvironmentConfig): string {
    return env.region ?? this.deps.defaultRegion;
  }

  private gatewayFor(
    env: EnvironmentConfig,
    emit?: (event: OperationEvent) => void,
  ): Promise<EnvironmentGateway> {
    return this.deps.gateways.gatewayFor(
      {
        region: this.regionOf(env),
        ...(env.role_arn ? { roleArn: env.role_arn } : {}),
        ...(env.external_id ? { externalId: env.external_id } : {}),
      },
      emit
        ? { throttled: (call, attempt, delayMs) => emit({ type: 'throttled', call, attempt, delayMs }) }
        : undefined,
    );
  }

  async status(name: string): Promise<EnvironmentStatus> {
    const env = this.environment(name);
    const configured = isConfigured(env);
    const [inventory, savedServices, savedDatabases, record, operation] = await Promise.all([
      configured ? this.gatewayFor(env).then((g) => readInventory(name, env, g)) : Promise.resolve(undefined),
      this.memory.savedServices(name),
      this.memory.savedDatabases(name),
      this.memory.record(name),
      this.memory.operation(name),
    ]);
    return {
      name,
      region: this.regionOf(env),
      protected: env.protected,
      timeZone: env.schedule?.timezone ?? this.deps.config.timezone,
      configured,
      ...(inventory ? { inventory } : {}),
      savedServices,
      savedDatabases,
      ...(record ? { record } : {}),
      ...(operation ? { operation } : {}),
    };
  }

  /** Every environment's status, read in parallel; one that fails to read doesn't hide the rest. */
  async overview(): Promise<Array<EnvironmentStatus | { name: string; failure: Failure }>> {
    return Promise.all(
      this.names().map((name) =>
        this.status(name).catch((error: unknown) => {
          this.deps.logger.warn({ err: error, environment: name }, 'could not read environment status');
          return { name, failure: failureOf(error) };
        }),
      ),
    );
  }

  /** What a stop or start would do now; changes nothing (the dry run and the confirmation). */
  async plan(name: string, operation: Operation): Promise<PlanResult> {
    const env = this.environment(name);
    if (!isConfigured(env)) return { kind: 'not-configured', environment: name };
    const [inventory, saved, running] = await Promise.all([
      this.gatewayFor(env).then((g) => readInventory(name, env, g)),
      this.memory.savedServices(name),
      this.memory.operation(name),
    ]);
    const plan = operation === 'stop' ? planStop(inventory, saved) : planStart(inventory, saved);
    return { kind: 'plan', plan, ...(running ? { running } : {}) };
  }

  stop(name: string, actor: ActorRef, options: RunOptions = {}): Promise<RunResult> {
    return this.run(name, 'stop', actor, options);
  }

  start(name: string, actor: ActorRef, options: RunOptions = {}): Promise<RunResult> {
    return this.run(name, 'start', actor, options);
  }

  /**
   * Runs a stop or start: takes the environment's lease (or says who holds it), plans against the
   * state read under the lease, and starts the work in the background. The lease is released when
   * the work ends, however it ends, or at once when `options.signal` aborts.
   */
  async run(
    name: string,
    operation: Operation,
    actor: ActorRef,
    options: RunOptions = {},
  ): Promise<RunResult> {
    const env = this.environment(name);
    if (!isConfigured(env)) return { kind: 'not-configured', environment: name };
    const info: OperationInfo = { operation, by: actor, startedAt: this.deps.clock.now().toISOString() };
    const lock = await this.lock.acquire(name, info);
    if (!lock.ok) return { kind: 'busy', environment: name, ...(lock.holder ? { holder: lock.holder } : {}) };
    try {
      let emitter: ((event: OperationEvent) => void) | undefined;
      const gateway = await this.gatewayFor(env, (event) => emitter?.(event));
      const [inventory, saved] = await Promise.all([
        readInventory(name, env, gateway),
        this.memory.savedServices(name),
      ]);
      const plan = operation === 'stop' ? planStop(inventory, saved) : planStart(inventory, saved);
      if (!hasChanges(plan)) {
        await lock.held.release();
        return { kind: 'nothing-to-do', plan, outcome: outcomeWithoutChanges(plan, actor) };
      }
      const { logger, clock } = this.deps;
      // What was seen so far, for the outcome of an interrupted run.
      const seen = new OperationTracker(plan, () => undefined);
      const abort = options.signal
        ? abortedOutcome(options.signal, async () => {
            await lock.held.release();
            seen.closeOpen('skipped', 'interrupted');
            return seen.outcome({ actor, saved: true, interrupted: true });
          })
        : undefined;
      const interrupted = abort?.outcome;
      const { progress, done } = runWithProgress(
        (emit) => {
          emitter = (event) => {
            if (event.type === 'resource') {
              const { ref, state, reason, ...detail } = event.progress;
              seen.set(ref, state, reason, detail);
            }
            emit(event);
          };
          const deps = {
            gateway,
            memory: this.memory,
            timing: this.timing,
            clock,
            logger,
            actor,
            emit: emitter,
            ...(options.signal ? { signal: options.signal } : {}),
          };
          return operation === 'stop' ? runStop(plan as StopPlan, deps) : runStart(plan as StartPlan, deps);
        },
        (error) => {
          logger.error({ err: error, environment: name, operation }, 'environment operation crashed');
          return seen.outcome({ actor, saved: true, crash: failureOf(error) });
        },
        interrupted,
      );
      void done.finally(() => {
        // A long-lived signal (the scheduler's, the bot's shutdown) outlives many operations.
        abort?.dispose();
        return lock.held.release();
      });
      return { kind: 'started', plan, progress, done };
    } catch (error) {
      await lock.held.release();
      throw error;
    }
  }
}

/** The outcome of an interrupted run, once `signal` aborts; `dispose` drops the listener when the run ends. */
function abortedOutcome(
  signal: AbortSignal,
  onAbort: () => Promise<OperationOutcome>,
): { outcome: Promise<OperationOutcome>; dispose: () => void } {
  let fire: () => void = () => undefined;
  const outcome = new Promise<OperationOutcome>((resolve, reject) => {
    fire = () => void onAbort().then(resolve, reject);
    if (signal.aborted) fire();
    else signal.addEventListener('abort', fire, { once: true });
  });
  return { outcome, dispose: () => signal.removeEventListener('abort', fire) };
}
