import type { EnvironmentStatus } from '../../src/environments/environment-service.js';
import type {
  DbClusterState,
  DbInstanceState,
  EcsServiceState,
  Inventory,
  SavedService,
  ScalingBounds,
} from '../../src/environments/model.js';

/** Plain-data builders for planning and rendering tests. */
export function svc(
  cluster: string,
  service: string,
  desired: number,
  more: Partial<EcsServiceState> = {},
): EcsServiceState {
  return { kind: 'ecs', cluster, service, desired, running: desired, pending: 0, ...more };
}

export function bounds(min: number, max: number, suspended = false): ScalingBounds {
  return { min, max, suspended: { scaleIn: suspended, scaleOut: suspended, scheduled: suspended } };
}

export function instance(id: string, status: string, more: Partial<DbInstanceState> = {}): DbInstanceState {
  return { kind: 'db-instance', id, status, engine: 'postgres', multiAz: false, replicas: [], ...more };
}

export function cluster(id: string, status: string, more: Partial<DbClusterState> = {}): DbClusterState {
  return {
    kind: 'db-cluster',
    id,
    status,
    engine: 'aurora-postgresql',
    engineMode: 'provisioned',
    replicas: [],
    multiAzDbCluster: false,
    members: [],
    ...more,
  };
}

export function inventory(more: Partial<Inventory> = {}): Inventory {
  return {
    environment: 'dev',
    region: 'ap-northeast-1',
    services: [],
    instances: [],
    clusters: [],
    problems: [],
    ...more,
  };
}

export function saved(
  cluster: string,
  service: string,
  desiredCount: number,
  autoscaling?: ScalingBounds,
): SavedService {
  return {
    cluster,
    service,
    desiredCount,
    ...(autoscaling ? { autoscaling } : {}),
    savedAt: '2026-11-24T12:00:00.000Z',
    savedBy: { kind: 'slack', id: 'U0OPERATOR' },
  };
}

export function savedMap(...items: SavedService[]): Map<string, SavedService> {
  return new Map(items.map((s) => [`${s.cluster}/${s.service}`, s]));
}

export function status(more: Partial<EnvironmentStatus> = {}): EnvironmentStatus {
  return {
    name: 'dev',
    region: 'ap-northeast-1',
    protected: false,
    timeZone: 'Asia/Tokyo',
    configured: true,
    inventory: inventory(),
    savedServices: new Map(),
    savedDatabases: new Map(),
    ...more,
  };
}
