import type { EnvironmentTarget, GatewayEvents } from '../environments/environment-gateway.js';
import { GatewayError } from '../environments/environment-gateway.js';
import type { IncidentGateway, IncidentGateways } from '../incidents/incident-gateway.js';
import type { AwsClientFactory } from './aws-clients.js';
import type { AwsEnvironmentGateways } from './aws-environment-gateways.js';
import { classifyAwsError } from './aws-errors.js';

/**
 * The incident port's adapter per target. It shares the environments adapter's clients, retry
 * policy and ECS modify pacer: a restart during a scheduled stop spends the same AWS budget.
 */
export class AwsIncidentGateways implements IncidentGateways {
  constructor(
    private readonly aws: AwsClientFactory,
    private readonly environments: AwsEnvironmentGateways,
  ) {}

  async gatewayFor(target: EnvironmentTarget, events?: GatewayEvents): Promise<IncidentGateway> {
    try {
      const { AwsIncidentGateway } = await import('./aws-incident-gateway.js');
      const clients = await this.aws.forTarget(target);
      return new AwsIncidentGateway(clients, {
        ecsModifyPacer: this.environments.ecsModifyPacer(target),
        retry: this.environments.retryPolicy,
        ...(events ? { events } : {}),
      });
    } catch (error) {
      throw new GatewayError(classifyAwsError(error));
    }
  }
}
