import type { AwsClientFactory } from '../aws/aws-clients.js';
import { explainError } from '../commands/explain-error.js';
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
  // Few round trips, not one per resource: services described ten at a time per cluster, each
  // task definition read once, databases in parallel (this runs at the end of a stop).
  const byCluster = new Map<string, SavedService[]>();
  for (const saved of services)
    byCluster.set(saved.cluster, [...(byCluster.get(saved.cluster) ?? []), saved]);
  const described = new Map<string, { taskDefinition?: string; launchType?: string } | Error>();
  await Promise.all(
    [...byCluster].flatMap(([cluster, list]) =>
      chunks(list, 10).map(async (batch) => {
        try {
          const out = await clients.ecs.send(
            new DescribeServicesCommand({ cluster, services: batch.map((b) => b.service) }),
          );
          for (const svc of out.services ?? []) {
            described.set(`${cluster}/${svc.serviceName}`, {
              ...(svc.taskDefinition ? { taskDefinition: svc.taskDefinition } : {}),
              ...(svc.launchType ? { launchType: svc.launchType } : {}),
            });
          }
        } catch (error) {
          for (const b of batch) described.set(`${cluster}/${b.service}`, error as Error);
        }
      }),
    ),
  );
  const definitions = new Map<string, Promise<{ cpu: number; memory: number }>>();
  const definition = (arn: string) => {
    let pending = definitions.get(arn);
    if (!pending) {
      pending = clients.ecs
        .send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))
        .then((d) => ({ cpu: Number(d.taskDefinition?.cpu), memory: Number(d.taskDefinition?.memory) }));
      definitions.set(arn, pending);
    }
    return pending;
  };
  const serviceRows = Promise.all(
    services.map(async (saved): Promise<LedgerResource> => {
      const label = `ecs ${saved.cluster}/${saved.service}`;
      const svc = described.get(`${saved.cluster}/${saved.service}`);
      if (svc instanceof Error) return { label, unpriced: explainError(svc) };
      if (!svc?.taskDefinition)
        return { label, unpriced: 'the service or its task definition could not be read' };
      if (svc.launchType === 'EC2')
        return { label, unpriced: 'EC2 launch type: the cluster’s instances cost, not the tasks' };
      try {
        const { cpu, memory } = await definition(svc.taskDefinition);
        const perTask =
          Number.isFinite(cpu) && Number.isFinite(memory) ? fargateHourly(prices, cpu, memory) : undefined;
        return perTask === undefined
          ? { label, unpriced: `no Fargate price for ${region} (add it under savings.prices)` }
          : { label, hourlyUsd: perTask * saved.desiredCount };
      } catch (error) {
        return { label, unpriced: explainError(error) };
      }
    }),
  );
  const instanceClass = async (id: string | undefined): Promise<string[]> => {
    const d = await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }));
    return (d.DBInstances ?? []).map((i) => i.DBInstanceClass ?? '');
  };
  const databaseRows = Promise.all(
    databases.map(async (saved): Promise<LedgerResource> => {
      const label = `rds ${saved.id}`;
      try {
        let classes: string[];
        if (saved.kind === 'db-instance') classes = await instanceClass(saved.id);
        else {
          const c = await clients.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: saved.id }));
          const members = c.DBClusters?.[0]?.DBClusterMembers ?? [];
          classes = (await Promise.all(members.map((m) => instanceClass(m.DBInstanceIdentifier)))).flat();
        }
        const unknown = classes.filter((c) => prices.rds[c] === undefined);
        return unknown.length > 0 || classes.length === 0
          ? {
              label,
              unpriced: `no price for ${unknown.join(', ') || 'its instances'} in ${region} (add it under savings.prices)`,
            }
          : { label, hourlyUsd: classes.reduce((sum, c) => sum + (prices.rds[c] ?? 0), 0) };
      } catch (error) {
        return { label, unpriced: explainError(error) };
      }
    }),
  );
  const out = [...(await serviceRows), ...(await databaseRows)];
  return out;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
