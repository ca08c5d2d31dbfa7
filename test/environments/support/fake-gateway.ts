import type {
  EnvironmentGateway,
  EnvironmentGateways,
  Failure,
  ServiceReading,
  ServiceRef,
  TaggedResources,
} from '../../../src/environments/environment-gateway.js';
import { GatewayError } from '../../../src/environments/environment-gateway.js';
import type {
  Database,
  DbClusterState,
  DbInstanceState,
  EcsServiceState,
  ScalingBounds,
} from '../../../src/environments/model.js';
import { serviceKey } from '../../../src/environments/model.js';

type Call = keyof Omit<EnvironmentGateway, 'region'>;

/**
 * The environments port in memory: services drain and databases stop at once (or never, when
 * told), any call can be made to fail. Stop/start logic runs against it in milliseconds.
 */
export class FakeGateway implements EnvironmentGateway, EnvironmentGateways {
  readonly region = 'ap-northeast-1';
  readonly services = new Map<string, EcsServiceState>();
  readonly databases = new Map<string, DbInstanceState | DbClusterState>();
  readonly calls: Array<{ call: Call; target?: string }> = [];
  private readonly failures = new Map<string, Failure>();
  /** Services whose tasks never stop (a stuck deployment). */
  readonly stuck = new Set<string>();

  async gatewayFor(): Promise<EnvironmentGateway> {
    return this;
  }

  addService(cluster: string, service: string, desired: number, autoscaling?: ScalingBounds): void {
    this.services.set(serviceKey(cluster, service), {
      kind: 'ecs',
      cluster,
      service,
      desired,
      running: desired,
      pending: 0,
      ...(autoscaling ? { autoscaling } : {}),
    });
  }

  addInstance(id: string, status = 'available'): void {
    this.databases.set(id, {
      kind: 'db-instance',
      id,
      status,
      engine: 'postgres',
      multiAz: false,
      replicas: [],
    });
  }

  /** Every later `call` (for `target`, if given) fails with this. */
  fail(call: Call, failure: Failure, target?: string): void {
    this.failures.set(`${call}|${target ?? '*'}`, failure);
  }

  private record(call: Call, target?: string): void {
    this.calls.push({ call, ...(target ? { target } : {}) });
    const failure = this.failures.get(`${call}|${target ?? '*'}`) ?? this.failures.get(`${call}|*`);
    if (failure) throw new GatewayError(failure);
  }

  count(call: Call): number {
    return this.calls.filter((c) => c.call === call).length;
  }

  async listServiceNames(cluster: string): Promise<string[]> {
    this.record('listServiceNames', cluster);
    return [...this.services.values()].filter((s) => s.cluster === cluster).map((s) => s.service);
  }

  async findTagged(): Promise<TaggedResources> {
    this.record('findTagged');
    return { services: [], instances: [], clusters: [], unplaced: [] };
  }

  async describeServices(cluster: string, names: readonly string[]): Promise<ServiceReading> {
    this.record('describeServices', cluster);
    const reading: ServiceReading = { found: [], missing: [] };
    for (const name of names) {
      const svc = this.services.get(serviceKey(cluster, name));
      if (!svc) reading.missing.push(name);
      else {
        const { autoscaling: _a, ...rest } = svc;
        reading.found.push({ ...rest });
      }
    }
    return reading;
  }

  async describeScaling(refs: readonly ServiceRef[]): Promise<Map<string, ScalingBounds>> {
    this.record('describeScaling');
    const out = new Map<string, ScalingBounds>();
    for (const ref of refs) {
      const bounds = this.services.get(serviceKey(ref.cluster, ref.service))?.autoscaling;
      if (bounds) out.set(serviceKey(ref.cluster, ref.service), bounds);
    }
    return out;
  }

  async describeInstance(id: string): Promise<DbInstanceState | undefined> {
    this.record('describeInstance', id);
    const db = this.databases.get(id);
    return db?.kind === 'db-instance' ? { ...db } : undefined;
  }

  async describeCluster(id: string): Promise<DbClusterState | undefined> {
    this.record('describeCluster', id);
    const db = this.databases.get(id);
    return db?.kind === 'db-cluster' ? { ...db } : undefined;
  }

  async setScaling(ref: ServiceRef, bounds: ScalingBounds): Promise<void> {
    const key = serviceKey(ref.cluster, ref.service);
    this.record('setScaling', key);
    const svc = this.services.get(key);
    if (svc) svc.autoscaling = bounds;
  }

  async setDesiredCount(ref: ServiceRef, count: number): Promise<void> {
    const key = serviceKey(ref.cluster, ref.service);
    this.record('setDesiredCount', key);
    const svc = this.services.get(key);
    if (!svc) return;
    svc.desired = count;
    if (!this.stuck.has(key)) svc.running = count;
  }

  async stopDatabase(db: Pick<Database, 'kind' | 'id'>): Promise<void> {
    this.record('stopDatabase', db.id);
    const found = this.databases.get(db.id);
    if (found) found.status = 'stopped';
  }

  async startDatabase(db: Pick<Database, 'kind' | 'id'>): Promise<void> {
    this.record('startDatabase', db.id);
    const found = this.databases.get(db.id);
    if (found) found.status = 'available';
  }
}
