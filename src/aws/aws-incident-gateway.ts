import {
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import type { GatewayEvents, ServiceRef } from '../environments/environment-gateway.js';
import { GatewayError } from '../environments/environment-gateway.js';
import type {
  DeploymentInfo,
  IncidentGateway,
  LogsQueryInput,
  QueryResults,
  QueryStatus,
  RolloutState,
  ServiceDeployments,
  TaskDefinitionInfo,
} from '../incidents/incident-gateway.js';
import type { Pacer } from '../util/pacer.js';
import type { AwsClients } from './aws-clients.js';
import { classifyAwsError } from './aws-errors.js';
import { describeActiveServices } from './describe-active-services.js';
import { type RetryOptions, retryThrottled } from './rate-limit.js';

const STATUSES: readonly QueryStatus[] = [
  'Scheduled',
  'Running',
  'Complete',
  'Failed',
  'Timeout',
  'Cancelled',
];
const ROLLOUTS: readonly RolloutState[] = ['IN_PROGRESS', 'COMPLETED', 'FAILED'];

/**
 * The incident port over the SDK: ECS deployments and task definitions, forced deployments
 * (paced with every other ECS modify call of the account), Logs Insights queries. One retry
 * policy, and every error leaves classified as a GatewayError.
 */
export class AwsIncidentGateway implements IncidentGateway {
  constructor(
    private readonly clients: AwsClients,
    private readonly options: { ecsModifyPacer: Pacer; retry: RetryOptions; events?: GatewayEvents },
  ) {}

  get region(): string {
    return this.clients.region;
  }

  private async call<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await retryThrottled(fn, this.options.retry, (attempt, delay) =>
        this.options.events?.throttled?.(name, attempt, delay),
      );
    } catch (error) {
      throw new GatewayError(classifyAwsError(error));
    }
  }

  async describeDeployments(
    cluster: string,
    services: readonly string[],
  ): Promise<{ found: ServiceDeployments[]; missing: string[] }> {
    const { active, missing } = await describeActiveServices(this.clients.ecs, cluster, services, (n, fn) =>
      this.call(n, fn),
    );
    const found = active.map((svc): ServiceDeployments => {
      const breaker = svc.deploymentConfiguration?.deploymentCircuitBreaker;
      return {
        cluster,
        service: svc.serviceName ?? '',
        desired: svc.desiredCount ?? 0,
        running: svc.runningCount ?? 0,
        pending: svc.pendingCount ?? 0,
        taskDefinition: svc.taskDefinition ?? '',
        ...(breaker
          ? { circuitBreaker: { enable: breaker.enable ?? false, rollback: breaker.rollback ?? false } }
          : {}),
        deployments: (svc.deployments ?? []).map(
          (d): DeploymentInfo => ({
            id: d.id ?? '',
            status: d.status ?? '',
            taskDefinition: d.taskDefinition ?? '',
            ...(d.rolloutState && ROLLOUTS.includes(d.rolloutState as RolloutState)
              ? { rolloutState: d.rolloutState as RolloutState }
              : {}),
            ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
            createdAt: d.createdAt ?? new Date(0),
            ...(d.updatedAt ? { updatedAt: d.updatedAt } : {}),
            desired: d.desiredCount ?? 0,
            running: d.runningCount ?? 0,
            pending: d.pendingCount ?? 0,
            failedTasks: d.failedTasks ?? 0,
          }),
        ),
      };
    });
    return { found, missing };
  }

  async describeTaskDefinition(ref: string): Promise<TaskDefinitionInfo> {
    const out = await this.call('DescribeTaskDefinition', () =>
      this.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref })),
    );
    const td = out.taskDefinition;
    if (!td?.taskDefinitionArn) {
      throw new GatewayError({ code: 'other', message: `ECS returned no task definition for ${ref}` });
    }
    return {
      arn: td.taskDefinitionArn,
      family: td.family ?? '',
      revision: td.revision ?? 0,
      containers: (td.containerDefinitions ?? []).map((c) => {
        const options = c.logConfiguration?.logDriver === 'awslogs' ? c.logConfiguration.options : undefined;
        const group = options?.['awslogs-group'];
        const region = options?.['awslogs-region'];
        return {
          name: c.name ?? '',
          image: c.image ?? '',
          ...(group ? { logGroup: group } : {}),
          ...(region ? { logRegion: region } : {}),
        };
      }),
    };
  }

  async forceNewDeployment(ref: ServiceRef): Promise<{ deploymentId?: string }> {
    const out = await this.call('UpdateService', async () => {
      await this.options.ecsModifyPacer.take();
      return this.clients.ecs.send(
        new UpdateServiceCommand({ cluster: ref.cluster, service: ref.service, forceNewDeployment: true }),
      );
    });
    const primary = out.service?.deployments?.find((d) => d.status === 'PRIMARY')?.id;
    return primary ? { deploymentId: primary } : {};
  }

  async startQuery(input: LogsQueryInput): Promise<string> {
    const logs = await this.clients.logs();
    const out = await this.call('StartQuery', () =>
      logs.send(
        new StartQueryCommand({
          logGroupNames: [...input.logGroups],
          // The API counts whole seconds since the epoch.
          startTime: Math.floor(input.start.getTime() / 1000),
          endTime: Math.ceil(input.end.getTime() / 1000),
          queryString: input.query,
          limit: input.limit,
        }),
      ),
    );
    if (!out.queryId)
      throw new GatewayError({ code: 'other', message: 'Logs Insights returned no query id' });
    return out.queryId;
  }

  async getQueryResults(queryId: string): Promise<QueryResults> {
    const logs = await this.clients.logs();
    const out: GetQueryResultsCommandOutput = await this.call('GetQueryResults', () =>
      logs.send(new GetQueryResultsCommand({ queryId })),
    );
    const status = STATUSES.includes(out.status as QueryStatus) ? (out.status as QueryStatus) : 'Unknown';
    return {
      status,
      rows: (out.results ?? []).map((fields) => {
        const row: Record<string, string> = {};
        for (const f of fields) if (f.field && f.value !== undefined) row[f.field] = f.value;
        return row;
      }),
      statistics: {
        bytesScanned: out.statistics?.bytesScanned ?? 0,
        recordsScanned: out.statistics?.recordsScanned ?? 0,
        recordsMatched: out.statistics?.recordsMatched ?? 0,
      },
    };
  }

  async stopQuery(queryId: string): Promise<void> {
    const logs = await this.clients.logs();
    await this.call('StopQuery', () => logs.send(new StopQueryCommand({ queryId })));
  }
}
