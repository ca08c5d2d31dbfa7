import type { EnvironmentConfig } from '../config/schema.js';
import {
  type EnvironmentGateway,
  type Failure,
  failureOf,
  type ServiceRef,
} from '../environments/environment-gateway.js';

/** The ECS services an environment is made of, and what could not be listed (with why). */
export interface ServiceList {
  refs: ServiceRef[];
  /** `cluster/*` or `tagged …` that could not be read. */
  unreadable: Array<{ label: string; failure: Failure }>;
}

/**
 * The environment's ECS services the way `status` finds them: the config's explicit lists, every
 * service of a cluster named without a list, and those carrying `select.tags`. RDS is not read:
 * incidents need services only.
 */
export async function environmentServices(
  env: EnvironmentConfig,
  gateway: EnvironmentGateway,
): Promise<ServiceList> {
  const refs = new Map<string, ServiceRef>();
  const unreadable: ServiceList['unreadable'] = [];
  const add = (ref: ServiceRef) => refs.set(`${ref.cluster}/${ref.service}`, ref);
  await Promise.all(
    env.ecs.map(async (entry) => {
      if (entry.services) {
        for (const service of entry.services) add({ cluster: entry.cluster, service });
        return;
      }
      try {
        for (const service of await gateway.listServiceNames(entry.cluster))
          add({ cluster: entry.cluster, service });
      } catch (error) {
        unreadable.push({ label: `${entry.cluster}/*`, failure: failureOf(error) });
      }
    }),
  );
  const tags = env.select?.tags;
  if (tags && Object.keys(tags).length > 0) {
    try {
      for (const ref of (await gateway.findTagged(tags)).services) add(ref);
    } catch (error) {
      const shown = Object.entries(tags)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      unreadable.push({ label: `services tagged ${shown}`, failure: failureOf(error) });
    }
  }
  return {
    refs: [...refs.values()].sort((a, b) =>
      `${a.cluster}/${a.service}`.localeCompare(`${b.cluster}/${b.service}`),
    ),
    unreadable,
  };
}

/** Finds a service by name (or `cluster/name`) among the environment's. */
export function findService(list: ServiceList, name: string): ServiceRef | ServiceRef[] | undefined {
  const wanted = name.toLowerCase();
  const matches = list.refs.filter(
    (r) => r.service.toLowerCase() === wanted || `${r.cluster}/${r.service}`.toLowerCase() === wanted,
  );
  if (matches.length === 1) return matches[0];
  return matches.length > 1 ? matches : undefined;
}
