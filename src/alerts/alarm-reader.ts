import type { CloudWatchClient, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { AwsClientFactory } from '../aws/aws-clients.js';
import { retryThrottled } from '../aws/rate-limit.js';
import type { Config, EnvironmentConfig } from '../config/schema.js';

export interface FiringAlarm {
  name: string;
  environment: string;
  state: 'ALARM' | 'INSUFFICIENT_DATA';
  reason: string;
  since?: Date;
  metric?: string;
  region: string;
  arn?: string;
}

/** Reads what is firing now. The alerts feature (alarm threads) builds on the same CloudWatch port. */
export interface AlarmReader {
  firing(environment?: string): Promise<FiringAlarm[]>;
}

const MAX_PAGES = 20;

/**
 * CloudWatch-backed reader. An alarm belongs to an environment when it carries the environment's
 * `select.tags`, or else when its name starts with `<env>-` (the naming most teams already use).
 */
export class CloudWatchAlarmReader implements AlarmReader {
  constructor(
    private readonly config: Config,
    private readonly aws: AwsClientFactory,
    private readonly defaultRegion: string,
  ) {}

  async firing(environment?: string): Promise<FiringAlarm[]> {
    const names = environment ? [environment] : Object.keys(this.config.environments);
    const results = await Promise.all(
      names.map(async (name) => {
        const env = this.config.environments[name];
        if (!env) return [];
        return this.firingIn(name, env);
      }),
    );
    return results.flat().sort((a, b) => (b.since?.getTime() ?? 0) - (a.since?.getTime() ?? 0));
  }

  private async firingIn(name: string, env: EnvironmentConfig): Promise<FiringAlarm[]> {
    const region = env.region ?? this.defaultRegion;
    const { DescribeAlarmsCommand } = await import('@aws-sdk/client-cloudwatch');
    const { cloudwatch } = await this.aws.forTarget({
      region,
      ...(env.role_arn ? { roleArn: env.role_arn } : {}),
      ...(env.external_id ? { externalId: env.external_id } : {}),
    });
    const alarms: MetricAlarm[] = [];
    for (const state of ['ALARM', 'INSUFFICIENT_DATA'] as const) {
      let token: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const out = await retryThrottled(() =>
          cloudwatch.send(
            new DescribeAlarmsCommand({
              StateValue: state,
              AlarmTypes: ['MetricAlarm'],
              ...(token ? { NextToken: token } : {}),
            }),
          ),
        );
        alarms.push(...(out.MetricAlarms ?? []));
        token = out.NextToken;
        if (!token) break;
      }
    }
    const mine: FiringAlarm[] = [];
    for (const alarm of alarms) {
      if (!(await belongsTo(alarm, name, env, cloudwatch))) continue;
      mine.push({
        name: alarm.AlarmName ?? '(unnamed)',
        environment: name,
        state: alarm.StateValue === 'ALARM' ? 'ALARM' : 'INSUFFICIENT_DATA',
        reason: alarm.StateReason ?? '',
        ...(alarm.StateUpdatedTimestamp ? { since: alarm.StateUpdatedTimestamp } : {}),
        ...(alarm.MetricName ? { metric: `${alarm.Namespace ?? ''} ${alarm.MetricName}`.trim() } : {}),
        region,
        ...(alarm.AlarmArn ? { arn: alarm.AlarmArn } : {}),
      });
    }
    return mine;
  }
}

async function belongsTo(
  alarm: MetricAlarm,
  name: string,
  env: EnvironmentConfig,
  cw: CloudWatchClient,
): Promise<boolean> {
  const wanted = env.select?.tags;
  if (!wanted || !alarm.AlarmArn) return (alarm.AlarmName ?? '').startsWith(`${name}-`);
  const { ListTagsForResourceCommand } = await import('@aws-sdk/client-cloudwatch');
  const out = await retryThrottled(() =>
    cw.send(new ListTagsForResourceCommand({ ResourceARN: alarm.AlarmArn })),
  );
  const tags = new Map((out.Tags ?? []).map((t) => [t.Key, t.Value]));
  return Object.entries(wanted).every(([k, v]) => tags.get(k) === v);
}
