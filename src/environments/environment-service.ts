import type { AwsClientFactory } from '../aws/aws-clients.js';
import { explainAwsError } from '../aws/aws-errors.js';
import type { Clock } from '../clock.js';
import type { Message } from '../commands/message.js';
import type { Config, EnvironmentConfig } from '../config/schema.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import type { EnvironmentGateway } from './aws-gateway.js';
import { EnvironmentMemory } from './environment-memory.js';
import type { EnvironmentRecord, Inventory, OperationInfo, SavedDatabase, SavedService } from './model.js';
import { OperationLock } from './operation-lock.js';
import { hasChanges, planStart, planStop, type StartPlan, type StopPlan } from './plan.js';
import { runWithProgress } from './progress-stream.js';
import { DEFAULT_RETRY, Pacer, type RetryOptions } from './rate-limit.js';
import { isConfigured, readInventory } from './read-inventory.js';
import { runStart } from './run-start.js';
import { runStop } from './run-stop.js';
import { DEFAULT_TIMING, type OperationTiming } from './timing.js';

export type Operation = 'stop' | 'start';

export const DEFAULT_ECS_MODIFY_RATE = { burst: 45, perSecond: 4.5 };

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
  | { kind: 'nothing-to-do'; plan: StopPlan | StartPlan }
  | { kind: 'started'; plan: StopPlan | StartPlan; progress: AsyncIterable<Message>; done: Promise<Message> };

export interface EnvironmentServiceDeps {
  config: Config;
  aws: AwsClientFactory;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Region of environments that name none. */
  defaultRegion: string;
  timing?: Partial<OperationTiming>;
  retry?: Partial<RetryOptions>;
  /**
   * Client-side pace of ECS service-modify calls per account and Region. AWS allows a burst of 50
   * then 5 per second, shared with every other caller (CI deploys, the console): the default
   * stays 10 % under it.
   */
  ecsModifyRate?: { burst: number; perSecond: number };
}

/**
 * The environments capability: read an environment's state, plan a stop or start, and run it in
 * the background with progress. Knows AWS (through the gateway) and the store, never Slack or
 * the terminal: the verbs turn what it returns into messages.
 */
export class EnvironmentService {
  private readonly memory: EnvironmentMemory;
  private readonly lock: OperationLock;
  private readonly timing: OperationTiming;
  private readonly retry: RetryOptions;
  private readonly pacers = new Map<string, Pacer>();

  constructor(private readonly deps: EnvironmentServiceDeps) {
    this.memory = new EnvironmentMemory(deps.store);
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.retry = { ...DEFAULT_RETRY, sleep: this.timing.sleep, ...deps.retry };
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

  /** One gateway per call; clients are cached by the factory, the ECS pacer per account and Region. */
  async gatewayFor(env: EnvironmentConfig): Promise<EnvironmentGateway> {
    const region = this.regionOf(env);
    const key = `${region}|${env.role_arn ?? ''}`;
    let pacer = this.pacers.get(key);
    if (!pacer) {
      const rate = this.deps.ecsModifyRate ?? DEFAULT_ECS_MODIFY_RATE;
      pacer = new Pacer(rate.burst, rate.perSecond, this.timing.now, this.timing.sleep);
      this.pacers.set(key, pacer);
    }
    // Loaded on first use with the SDK it wraps (see AwsClientFactory.forTarget).
    const { AwsEnvironmentGateway } = await import('./aws-gateway.js');
    const clients = await this.deps.aws.forTarget({
      region,
      ...(env.role_arn ? { roleArn: env.role_arn } : {}),
      ...(env.external_id ? { externalId: env.external_id } : {}),
    });
    return new AwsEnvironmentGateway(clients, { ecsModifyPacer: pacer, retry: this.retry });
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
  async overview(): Promise<Array<EnvironmentStatus | { name: string; error: string }>> {
    return Promise.all(
      this.names().map((name) =>
        this.status(name).catch((error: unknown) => {
          this.deps.logger.warn({ err: error, environment: name }, 'could not read environment status');
          return { name, error: explainAwsError(error) };
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

  /**
   * Runs a stop or start: takes the environment's lease (or says who holds it), plans against the
   * state read under the lease, and starts the work in the background. The lease is released when
   * the work ends, however it ends.
   */
  async run(name: string, operation: Operation, actor: string): Promise<RunResult> {
    const env = this.environment(name);
    if (!isConfigured(env)) return { kind: 'not-configured', environment: name };
    const info: OperationInfo = { operation, by: actor, startedAt: this.deps.clock.now().toISOString() };
    const lock = await this.lock.acquire(name, info);
    if (!lock.ok) return { kind: 'busy', environment: name, ...(lock.holder ? { holder: lock.holder } : {}) };
    try {
      const gateway = await this.gatewayFor(env);
      const [inventory, saved] = await Promise.all([
        readInventory(name, env, gateway),
        this.memory.savedServices(name),
      ]);
      const plan = operation === 'stop' ? planStop(inventory, saved) : planStart(inventory, saved);
      if (!hasChanges(plan)) {
        await lock.held.release();
        return { kind: 'nothing-to-do', plan };
      }
      const { logger, clock } = this.deps;
      const { progress, done } = runWithProgress(
        (emit) => {
          const deps = { gateway, memory: this.memory, timing: this.timing, clock, logger, actor, emit };
          return operation === 'stop' ? runStop(plan as StopPlan, deps) : runStart(plan as StartPlan, deps);
        },
        (error) => {
          logger.error({ err: error, environment: name, operation }, 'environment operation crashed');
          return {
            title: `${name}: ${operation} failed`,
            tone: 'danger',
            parts: [
              {
                type: 'text',
                text: `${explainAwsError(error)}. Some resources may have changed: \`status ${name}\` shows where each one is; run \`${operation} ${name}\` again to finish.`,
              },
            ],
          };
        },
      );
      void done.finally(() => lock.held.release());
      return { kind: 'started', plan, progress, done };
    } catch (error) {
      await lock.held.release();
      throw error;
    }
  }
}
