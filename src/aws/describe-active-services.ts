import { DescribeServicesCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs';

/**
 * DescribeServices for any number of names, in batches of 10 (the API's limit), split into the
 * services that exist and are ACTIVE and the names that don't (unknown, DRAINING or INACTIVE).
 * `call` is the gateway's retry/pacing wrapper, so both gateways keep one retry policy.
 */
export async function describeActiveServices(
  ecs: ECSClient,
  cluster: string,
  names: readonly string[],
  call: <T>(name: string, fn: () => Promise<T>) => Promise<T>,
): Promise<{ active: Service[]; missing: string[] }> {
  const active: Service[] = [];
  const missing: string[] = [];
  for (let i = 0; i < names.length; i += 10) {
    const batch = names.slice(i, i + 10);
    const out = await call('DescribeServices', () =>
      ecs.send(new DescribeServicesCommand({ cluster, services: batch })),
    );
    const seen = new Set<string>();
    for (const svc of out.services ?? []) {
      const name = svc.serviceName ?? '';
      seen.add(name);
      if (svc.status === 'ACTIVE') active.push(svc);
      else missing.push(name);
    }
    for (const name of batch) if (!seen.has(name)) missing.push(name);
  }
  return { active, missing };
}
