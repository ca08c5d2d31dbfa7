import type {
  EnvironmentGateway,
  EnvironmentGateways,
  EnvironmentTarget,
  GatewayEvents,
} from '../environments/environment-gateway.js';
import { GatewayError } from '../environments/environment-gateway.js';
import { Pacer } from '../util/pacer.js';
import { realSleep, type Sleep } from '../util/sleep.js';
import type { AwsClientFactory } from './aws-clients.js';
import { classifyAwsError } from './aws-errors.js';
import { DEFAULT_RETRY, type RetryOptions } from './rate-limit.js';

/**
 * Client-side pace of ECS service-modify calls per account and Region. AWS allows a burst of 50
 * then 5 per second, shared with every other caller (CI deploys, the console): the default stays
 * 10 % under it.
 */
export const DEFAULT_ECS_MODIFY_RATE = { burst: 45, perSecond: 4.5 };

export interface AwsEnvironmentGatewaysOptions {
  ecsModifyRate?: { burst: number; perSecond: number };
  retry?: Partial<RetryOptions>;
  sleep?: Sleep;
  now?: () => number;
}

/**
 * Builds the environments port's AWS adapter per target: clients cached by the factory, one ECS
 * pacer per account and Region shared by every environment there, one retry policy.
 */
export class AwsEnvironmentGateways implements EnvironmentGateways {
  private readonly pacers = new Map<string, Pacer>();
  private readonly retry: RetryOptions;

  constructor(
    private readonly aws: AwsClientFactory,
    private readonly options: AwsEnvironmentGatewaysOptions = {},
  ) {
    this.retry = {
      ...DEFAULT_RETRY,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...options.retry,
    };
  }

  /** The retry policy every AWS call of this account family uses. */
  get retryPolicy(): RetryOptions {
    return this.retry;
  }

  /**
   * The pace of ECS service-modify calls for a target's account and Region. Everything that
   * modifies services there (stop/start, restart, scale) shares it: AWS's limit is per account.
   */
  ecsModifyPacer(target: EnvironmentTarget): Pacer {
    const key = `${target.region}|${target.roleArn ?? ''}`;
    let pacer = this.pacers.get(key);
    if (!pacer) {
      const rate = this.options.ecsModifyRate ?? DEFAULT_ECS_MODIFY_RATE;
      pacer = new Pacer(
        rate.burst,
        rate.perSecond,
        this.options.now ?? (() => performance.now()),
        this.options.sleep ?? realSleep,
      );
      this.pacers.set(key, pacer);
    }
    return pacer;
  }

  async gatewayFor(target: EnvironmentTarget, events?: GatewayEvents): Promise<EnvironmentGateway> {
    const pacer = this.ecsModifyPacer(target);
    try {
      // Loaded on first use with the SDK it wraps (see AwsClientFactory.forTarget).
      const { AwsEnvironmentGateway } = await import('./aws-environment-gateway.js');
      const clients = await this.aws.forTarget(target);
      return new AwsEnvironmentGateway(clients, {
        ecsModifyPacer: pacer,
        retry: this.retry,
        ...(events ? { events } : {}),
      });
    } catch (error) {
      throw new GatewayError(classifyAwsError(error));
    }
  }
}
