import type { AwsClientFactory } from '../aws/aws-clients.js';
import type { Clock } from '../clock.js';
import { explainError } from '../commands/explain-error.js';
import type { Config } from '../config/schema.js';
import type { ActivityProbe, InUse } from './activity-probe.js';

/** DescribeServices takes at most 10 services per call. */
const DESCRIBE_BATCH = 10;

/**
 * In use = an ECS deployment of one of the environment's services is rolling out (a deploy that a
 * stop would cut off), or the configured CloudWatch activity metric is above its threshold.
 */
export class AwsActivityProbe implements ActivityProbe {
  constructor(
    private readonly config: Config,
    private readonly aws: AwsClientFactory,
    private readonly clock: Clock,
    private readonly defaultRegion: string,
  ) {}

  async check(environment: string, services: Array<{ cluster: string; service: string }>): Promise<InUse> {
    const env = this.config.environments[environment];
    const result: InUse = { inUse: false, reasons: [], unreadable: [] };
    if (!env) return result;
    const clients = await this.aws.forTarget({
      region: env.region ?? this.defaultRegion,
      ...(env.role_arn ? { roleArn: env.role_arn } : {}),
      ...(env.external_id ? { externalId: env.external_id } : {}),
    });
    const { DescribeServicesCommand } = await import('@aws-sdk/client-ecs');
    const byCluster = new Map<string, string[]>();
    for (const s of services) byCluster.set(s.cluster, [...(byCluster.get(s.cluster) ?? []), s.service]);
    // Batches in parallel: this sits between the tick and the stop.
    const batches = [...byCluster].flatMap(([cluster, names]) =>
      Array.from({ length: Math.ceil(names.length / DESCRIBE_BATCH) }, (_, i) => ({
        cluster,
        batch: names.slice(i * DESCRIBE_BATCH, (i + 1) * DESCRIBE_BATCH),
      })),
    );
    await Promise.all(
      batches.map(async ({ cluster, batch }) => {
        try {
          const out = await clients.ecs.send(new DescribeServicesCommand({ cluster, services: batch }));
          for (const svc of out.services ?? []) {
            const rolling = (svc.deployments ?? []).some((d) => d.rolloutState === 'IN_PROGRESS');
            if (rolling)
              result.reasons.push(`an ECS deployment of ${cluster}/${svc.serviceName} is in progress`);
          }
        } catch (error) {
          result.unreadable.push(`deployments of ${cluster}/${batch.join(', ')}: ${explainError(error)}`);
        }
      }),
    );
    const signal = env.schedule?.activity;
    if (signal) {
      const { GetMetricStatisticsCommand } = await import('@aws-sdk/client-cloudwatch');
      const end = this.clock.now();
      const start = new Date(end.getTime() - signal.minutes * 60_000);
      const metric = `${signal.namespace} ${signal.metric}`;
      try {
        const out = await clients.cloudwatch.send(
          new GetMetricStatisticsCommand({
            Namespace: signal.namespace,
            MetricName: signal.metric,
            Dimensions: Object.entries(signal.dimensions).map(([Name, Value]) => ({ Name, Value })),
            StartTime: start,
            EndTime: end,
            // One datapoint for the whole window, in whole minutes as CloudWatch requires (multiple of 60).
            Period: signal.minutes * 60,
            Statistics: [signal.statistic],
          }),
        );
        const values = (out.Datapoints ?? []).map((d) => d[signal.statistic] ?? 0);
        const value =
          signal.statistic === 'Sum' || signal.statistic === 'SampleCount'
            ? values.reduce((a, b) => a + b, 0)
            : Math.max(0, ...values);
        if (value > signal.threshold) {
          result.reasons.push(
            `${metric} ${signal.statistic} is ${value} over the last ${signal.minutes} min (above ${signal.threshold})`,
          );
        }
      } catch (error) {
        result.unreadable.push(`${metric}: ${explainError(error)}`);
      }
    }
    result.inUse = result.reasons.length > 0;
    return result;
  }
}
