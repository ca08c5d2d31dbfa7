import type { AwsClientFactory } from '../aws/aws-clients.js';
import { explainAwsError } from '../aws/aws-errors.js';
import type { Config } from '../config/schema.js';
import type { SavedDatabase, SavedService } from '../environments/model.js';
import { fargateHourly, pricesFor } from './prices.js';
import type { LedgerResource } from './savings-ledger.js';

/**
 * What each stopped resource costs per hour while running: Fargate from its task definition's CPU
 * and memory × the saved desired count; RDS from the instance class (an Aurora cluster: its
 * members' classes). A resource whose price can't be read is listed with the reason, never guessed.
 */
export async function readPrices(
  aws: AwsClientFactory,
  config: Config,
  environment: string,
  region: string,
  services: SavedService[],
  databases: SavedDatabase[],
): Promise<LedgerResource[]> {
  const env = config.environments[environment];
  const clients = await aws.forTarget({
    region,
    ...(env?.role_arn ? { roleArn: env.role_arn } : {}),
    ...(env?.external_id ? { externalId: env.external_id } : {}),
  });
  const prices = pricesFor(config, region);
  const [
    { DescribeServicesCommand, DescribeTaskDefinitionCommand },
    { DescribeDBInstancesCommand, DescribeDBClustersCommand },
  ] = await Promise.all([import('@aws-sdk/client-ecs'), import('@aws-sdk/client-rds')]);
  const out: LedgerResource[] = [];
  for (const saved of services) {
    const label = `ecs ${saved.cluster}/${saved.service}`;
    try {
      const described = await clients.ecs.send(
        new DescribeServicesCommand({ cluster: saved.cluster, services: [saved.service] }),
      );
      const svc = described.services?.[0];
      if (!svc?.taskDefinition) throw new Error('the service has no task definition');
      if (svc.launchType === 'EC2') {
        out.push({ label, unpriced: 'EC2 launch type: the cluster’s instances cost, not the tasks' });
        continue;
      }
      const def = await clients.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: svc.taskDefinition }),
      );
      const cpu = Number(def.taskDefinition?.cpu);
      const memory = Number(def.taskDefinition?.memory);
      const perTask =
        Number.isFinite(cpu) && Number.isFinite(memory) ? fargateHourly(prices, cpu, memory) : undefined;
      out.push(
        perTask === undefined
          ? { label, unpriced: `no Fargate price for ${region} (add it under savings.prices)` }
          : { label, hourlyUsd: perTask * saved.desiredCount },
      );
    } catch (error) {
      out.push({ label, unpriced: explainAwsError(error) });
    }
  }
  for (const saved of databases) {
    const label = `rds ${saved.id}`;
    try {
      let classes: string[];
      if (saved.kind === 'db-instance') {
        const d = await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: saved.id }));
        classes = (d.DBInstances ?? []).map((i) => i.DBInstanceClass ?? '');
      } else {
        const c = await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: saved.id }));
        const members = c.DBClusters?.[0]?.DBClusterMembers ?? [];
        classes = [];
        for (const m of members) {
          const d = await clients.rds.send(
            new DescribeDBInstancesCommand({ DBInstanceIdentifier: m.DBInstanceIdentifier }),
          );
          classes.push(...(d.DBInstances ?? []).map((i) => i.DBInstanceClass ?? ''));
        }
      }
      const unknown = classes.filter((c) => prices.rds[c] === undefined);
      out.push(
        unknown.length > 0 || classes.length === 0
          ? {
              label,
              unpriced: `no price for ${unknown.join(', ') || 'its instances'} in ${region} (add it under savings.prices)`,
            }
          : { label, hourlyUsd: classes.reduce((sum, c) => sum + (prices.rds[c] ?? 0), 0) },
      );
    } catch (error) {
      out.push({ label, unpriced: explainAwsError(error) });
    }
  }
  return out;
}
