import type { EnvironmentConfig } from '../config/schema.js';
import { type EnvironmentGateway, failureOf, type ServiceRef } from './environment-gateway.js';
import { mapLimit } from './map-limit.js';
import type { DbClusterState, DbInstanceState, EcsServiceState, Inventory, Problem } from './model.js';
import { serviceKey } from './model.js';

/** Describe calls in flight at once per environment: quick, and far below AWS's read limits. */
const READ_CONCURRENCY = 8;

/** Whether the config names anything at all (explicit lists or a tag selection). */
export function isConfigured(env: EnvironmentConfig): boolean {
  const tags = env.select?.tags;
  return (
    env.ecs.length > 0 ||
    env.rds.instances.length > 0 ||
    env.rds.clusters.length > 0 ||
    Boolean(tags && Object.keys(tags).length > 0)
  );
}

/**
 * Resolves an environment to its resources and reads their state: the explicit lists of the
 * config (every service of a cluster when `services` is omitted) plus whatever carries the
 * `select.tags`. Nothing here throws for one bad resource: it becomes a Problem with the reason,
 * and the rest is still read.
 */
export async function readInventory(
  name: string,
  env: EnvironmentConfig,
  gateway: EnvironmentGateway,
): Promise<Inventory> {
  const problems: Problem[] = [];
  const refs = new Map<string, ServiceRef>();
  const instanceIds = new Set(env.rds.instances);
  const clusterIds = new Set(env.rds.clusters);
  const addRef = (ref: ServiceRef) => refs.set(serviceKey(ref.cluster, ref.service), ref);

  await mapLimit(env.ecs, READ_CONCURRENCY, async (entry) => {
    if (entry.services) {
      for (const service of entry.services) addRef({ cluster: entry.cluster, service });
      return;
    }
    try {
      const names = await gateway.listServiceNames(entry.cluster);
      if (names.length === 0)
        problems.push({ label: `ecs ${entry.cluster}/*`, kind: 'ecs', reason: { code: 'cluster-empty' } });
      for (const service of names) addRef({ cluster: entry.cluster, service });
    } catch (error) {
      problems.push({
        label: `ecs ${entry.cluster}/*`,
        kind: 'ecs',
        reason: { code: 'aws', failure: failureOf(error) },
      });
    }
  });

  const tags = env.select?.tags;
  if (tags && Object.keys(tags).length > 0) {
    const shown = Object.entries(tags)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    try {
      const tagged = await gateway.findTagged(tags);
      for (const ref of tagged.services) addRef(ref);
      for (const id of tagged.instances) instanceIds.add(id);
      for (const id of tagged.clusters) clusterIds.add(id);
      for (const arn of tagged.unplaced) {
        problems.push({ label: arn, kind: 'ecs', reason: { code: 'old-arn' } });
      }
    } catch (error) {
      problems.push({
        label: `resources tagged ${shown}`,
        kind: 'tagged',
        reason: { code: 'aws', failure: failureOf(error) },
      });
    }
  }

  const services = await readServices([...refs.values()], gateway, problems);
  const [instances, clusters] = await Promise.all([
    readDatabases(
      [...instanceIds],
      (id) => gateway.describeInstance(id),
      (id) => `rds ${id}`,
      problems,
    ),
    readDatabases(
      [...clusterIds],
      (id) => gateway.describeCluster(id),
      (id) => `rds ${id} (cluster)`,
      problems,
    ),
  ]);
  problems.sort((a, b) => a.label.localeCompare(b.label));
  return { environment: name, region: gateway.region, services, instances, clusters, problems };
}

async function readServices(
  refs: ServiceRef[],
  gateway: EnvironmentGateway,
  problems: Problem[],
): Promise<EcsServiceState[]> {
  const byCluster = new Map<string, string[]>();
  for (const ref of refs) byCluster.set(ref.cluster, [...(byCluster.get(ref.cluster) ?? []), ref.service]);
  const found: EcsServiceState[] = [];
  await mapLimit([...byCluster], READ_CONCURRENCY, async ([cluster, names]) => {
    try {
      const reading = await gateway.describeServices(cluster, names);
      found.push(...reading.found);
      for (const name of reading.missing) {
        problems.push({
          label: `ecs ${serviceKey(cluster, name)}`,
          kind: 'ecs',
          reason: { code: 'service-missing', cluster, service: name },
        });
      }
    } catch (error) {
      const failure = failureOf(error);
      for (const name of names)
        problems.push({
          label: `ecs ${serviceKey(cluster, name)}`,
          kind: 'ecs',
          reason: { code: 'aws', failure },
        });
    }
  });
  if (found.length === 0) return [];
  try {
    // Without its autoscaling bounds a service can't be stopped safely: Application Auto Scaling
    // would bring it back. So a failure here leaves every service out, with the reason.
    const bounds = await gateway.describeScaling(found);
    const services = found.map((svc) => {
      const b = bounds.get(serviceKey(svc.cluster, svc.service));
      return b ? { ...svc, autoscaling: b } : svc;
    });
    return sortServices(services);
  } catch (error) {
    const failure = failureOf(error);
    for (const svc of found)
      problems.push({
        label: `ecs ${serviceKey(svc.cluster, svc.service)}`,
        kind: 'ecs',
        reason: { code: 'autoscaling-unreadable', failure },
      });
    return [];
  }
}

async function readDatabases<T extends DbInstanceState | DbClusterState>(
  ids: string[],
  describe: (id: string) => Promise<T | undefined>,
  label: (id: string) => string,
  problems: Problem[],
): Promise<T[]> {
  const read = await mapLimit(ids.sort(), READ_CONCURRENCY, async (id) => {
    try {
      const db = await describe(id);
      if (!db) problems.push({ label: label(id), kind: 'rds', reason: { code: 'database-missing' } });
      return db;
    } catch (error) {
      problems.push({ label: label(id), kind: 'rds', reason: { code: 'aws', failure: failureOf(error) } });
      return undefined;
    }
  });
  return read.filter((db): db is Awaited<T> => db !== undefined);
}

function sortServices(services: EcsServiceState[]): EcsServiceState[] {
  return services.sort((a, b) =>
    serviceKey(a.cluster, a.service).localeCompare(serviceKey(b.cluster, b.service)),
  );
}
