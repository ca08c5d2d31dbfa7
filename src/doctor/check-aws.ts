import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsClientFactory } from '../aws/aws-clients.js';
import { explainError } from '../commands/explain-error.js';
import type { Config } from '../config/schema.js';
import { type CheckResult, fail, pass, skip } from './check.js';

export async function checkAws(
  config: Config | undefined,
  aws: AwsClientFactory,
  region: string,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  try {
    const id = await new STSClient({ region, maxAttempts: 2 }).send(new GetCallerIdentityCommand({}));
    results.push(pass('aws identity', `${id.Arn} (account ${id.Account})`));
  } catch (error) {
    results.push(
      fail(
        'aws identity',
        explainError(error),
        'provide AWS credentials (AWS_PROFILE, aws sso login, or the task role on Fargate)',
      ),
    );
    return results;
  }
  const environments = Object.entries(config?.environments ?? {});
  if (environments.length === 0) return [...results, skip('aws environments', 'no environments configured')];
  for (const [name, env] of environments) {
    const clients = await aws.forTarget({
      region: env.region ?? region,
      ...(env.role_arn ? { roleArn: env.role_arn } : {}),
      ...(env.external_id ? { externalId: env.external_id } : {}),
    });
    const seen: string[] = [];
    try {
      const clusters = env.ecs.map((e) => e.cluster);
      if (clusters.length > 0) {
        const out = await clients.ecs.send(new DescribeClustersCommand({ clusters }));
        const missing = (out.failures ?? []).map((f) => f.arn ?? '?');
        if (missing.length > 0) throw new Error(`ECS clusters not found: ${missing.join(', ')}`);
        seen.push(`${clusters.length} ECS cluster(s)`);
      }
      for (const id of env.rds.instances)
        await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
      for (const id of env.rds.clusters)
        await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }));
      if (env.rds.instances.length + env.rds.clusters.length > 0)
        seen.push(`${env.rds.instances.length + env.rds.clusters.length} database(s)`);
      await clients.cloudwatch.send(new DescribeAlarmsCommand({ MaxRecords: 1 }));
      seen.push('alarms');
      results.push(pass(`aws ${name}`, `read access to ${seen.join(', ')} in ${clients.region}`));
    } catch (error) {
      results.push(
        fail(
          `aws ${name}`,
          explainError(error),
          `check environments.${name} in infrabot.yml and the read permissions of ${env.role_arn ?? 'the task role'}`,
        ),
      );
    }
  }
  return results;
}
