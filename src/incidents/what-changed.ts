import type { AuditEntry, AuditLog } from '../audit/audit-log.js';
import type { EnvironmentConfig } from '../config/schema.js';
import { type EnvironmentGateways, failureOf, type ServiceRef } from '../environments/environment-gateway.js';
import type {
  ActionChange,
  ChangeItem,
  DeploymentChange,
  SourceReport,
  WhatChanged,
} from './change-items.js';
import { environmentServices } from './environment-services.js';
import type { IncidentGateway, IncidentGateways, TaskDefinitionInfo } from './incident-gateway.js';
import type { MergedPullRequests } from './recent-changes.js';

export interface LookBack {
  deploymentsMs: number;
  pullRequestsMs: number;
  actionsMs: number;
}

/** The windows: deployments of the last hour, merges of the last day, actions of the last day. */
export const DEFAULT_LOOK_BACK: LookBack = {
  deploymentsMs: 3_600_000,
  pullRequestsMs: 86_400_000,
  actionsMs: 86_400_000,
};

/** Verbs that change an environment: what "stops/starts/keeps done recently" means. */
export const ENVIRONMENT_VERBS: ReadonlySet<string> = new Set(['stop', 'start', 'keep', 'restart', 'scale']);

/** Audit entries read to find the last day's actions; more than this and the source says partial. */
const AUDIT_SCAN = 1_000;

export interface WhatChangedDeps {
  environmentGateways: EnvironmentGateways;
  incidentGateways: IncidentGateways;
  audit: AuditLog;
  mergedPullRequests: MergedPullRequests;
  now: () => Date;
}

export interface WhatChangedRequest {
  environment: string;
  config: EnvironmentConfig;
  region: string;
  /** The incident's opening: the windows end here (plus whatever happened since). */
  at: Date;
  lookBack?: Partial<LookBack>;
}

/** The ECS console page of a service's deployments. */
export function deploymentsLink(region: string, ref: ServiceRef): string {
  return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(ref.cluster)}/services/${encodeURIComponent(ref.service)}/deployments?region=${region}`;
}

/**
 * Builds "what changed" for an environment: its ECS deployments of the last hour (with the
 * revision and image of each), the infra pull requests merged in the last day, and the
 * environment actions done through infrabot. The three sources are read at once; one that fails
 * is reported as unreadable and the others still count.
 */
export async function collectWhatChanged(
  deps: WhatChangedDeps,
  request: WhatChangedRequest,
): Promise<WhatChanged> {
  const started = performance.now();
  const windows = { ...DEFAULT_LOOK_BACK, ...request.lookBack };
  const since = (ms: number) => new Date(request.at.getTime() - ms);
  const [deployments, pulls, actions] = await Promise.all([
    readDeployments(deps, request, since(windows.deploymentsMs)),
    readPullRequests(deps, since(windows.pullRequestsMs)),
    readActions(deps, request.environment, since(windows.actionsMs)),
  ]);
  const items: ChangeItem[] = [...deployments.items, ...pulls.items, ...actions.items].sort(
    (a, b) => b.at.getTime() - a.at.getTime(),
  );
  return {
    environment: request.environment,
    region: request.region,
    at: request.at,
    items,
    sources: [deployments.report, pulls.report, actions.report],
    tookMs: performance.now() - started,
  };
}

interface SourceResult<T extends ChangeItem> {
  items: T[];
  report: SourceReport;
}

async function readDeployments(
  deps: WhatChangedDeps,
  request: WhatChangedRequest,
  since: Date,
): Promise<SourceResult<DeploymentChange>> {
  const source = 'ecs-deployments' as const;
  const target = {
    region: request.region,
    ...(request.config.role_arn ? { roleArn: request.config.role_arn } : {}),
    ...(request.config.external_id ? { externalId: request.config.external_id } : {}),
  };
  let gateway: IncidentGateway;
  let list: Awaited<ReturnType<typeof environmentServices>>;
  try {
    const [envGateway, incidentGateway] = await Promise.all([
      deps.environmentGateways.gatewayFor(target),
      deps.incidentGateways.gatewayFor(target),
    ]);
    gateway = incidentGateway;
    list = await environmentServices(request.config, envGateway);
  } catch (error) {
    return { items: [], report: { source, state: 'unreadable', since, failure: failureOf(error) } };
  }
  const unreadable = [...list.unreadable];
  const byCluster = new Map<string, string[]>();
  for (const ref of list.refs)
    byCluster.set(ref.cluster, [...(byCluster.get(ref.cluster) ?? []), ref.service]);

  const items: DeploymentChange[] = [];
  const taskDefinitions = new Map<string, Promise<TaskDefinitionInfo>>();
  const describe = (arn: string) => {
    let td = taskDefinitions.get(arn);
    if (!td) {
      td = gateway.describeTaskDefinition(arn);
      taskDefinitions.set(arn, td);
    }
    return td;
  };
  await Promise.all(
    [...byCluster].map(async ([cluster, services]) => {
      let reading: Awaited<ReturnType<IncidentGateway['describeDeployments']>>;
      try {
        reading = await gateway.describeDeployments(cluster, services);
      } catch (error) {
        unreadable.push({ label: `${cluster}/${services.join(',')}`, failure: failureOf(error) });
        return;
      }
      for (const name of reading.missing) {
        unreadable.push({
          label: `${cluster}/${name}`,
          failure: { code: 'not-found', message: 'ECS reports no active service by that name' },
        });
      }
      for (const svc of reading.found) {
        for (const d of svc.deployments) {
          // An older deployment still listed (ACTIVE) counts only if it too started in the window.
          if (d.createdAt.getTime() < since.getTime()) continue;
          const item: DeploymentChange = {
            kind: 'deployment',
            at: d.createdAt,
            cluster,
            service: svc.service,
            deploymentId: d.id,
            status: d.status,
            taskDefinition: d.taskDefinition,
            ...revisionOf(d.taskDefinition),
            ...(d.rolloutState ? { rolloutState: d.rolloutState } : {}),
            ...(d.rolloutStateReason ? { rolloutStateReason: d.rolloutStateReason } : {}),
            link: deploymentsLink(request.region, { cluster, service: svc.service }),
          };
          try {
            const td = await describe(d.taskDefinition);
            const image = td.containers[0]?.image;
            if (image) {
              item.image = image;
              const tag = /:([^:/@]+)$/.exec(image)?.[1] ?? /@(sha256:[a-f0-9]{12})/.exec(image)?.[1];
              if (tag) item.imageTag = tag;
            }
          } catch (error) {
            item.imageFailure = failureOf(error);
          }
          items.push(item);
        }
      }
    }),
  );
  const report: SourceReport =
    unreadable.length === 0
      ? { source, state: 'read', since }
      : list.refs.length === 0 && items.length === 0
        ? { source, state: 'unreadable', since, failure: unreadable[0]!.failure }
        : { source, state: 'partial', since, unreadable };
  return { items, report };
}

function revisionOf(taskDefinition: string): { family?: string; revision?: number } {
  const m = /task-definition\/([^:]+):(\d+)$/.exec(taskDefinition) ?? /^([^:/]+):(\d+)$/.exec(taskDefinition);
  return m ? { family: m[1]!, revision: Number(m[2]) } : {};
}

async function readPullRequests(deps: WhatChangedDeps, since: Date) {
  const source = 'pull-requests' as const;
  try {
    const reading = await deps.mergedPullRequests.mergedSince(since);
    if (reading.kind === 'not-available') {
      return {
        items: [],
        report: { source, state: 'not-available', since, reason: reading.reason } as SourceReport,
      };
    }
    return { items: reading.items, report: { source, state: 'read', since } as SourceReport };
  } catch (error) {
    return {
      items: [],
      report: { source, state: 'unreadable', since, failure: failureOf(error) } as SourceReport,
    };
  }
}

async function readActions(deps: WhatChangedDeps, environment: string, since: Date) {
  const source = 'environment-actions' as const;
  let entries: AuditEntry[];
  try {
    entries = await deps.audit.recent(AUDIT_SCAN);
  } catch (error) {
    return {
      items: [],
      report: { source, state: 'unreadable', since, failure: failureOf(error) } as SourceReport,
    };
  }
  const items: ActionChange[] = entries
    .filter(
      (e) =>
        e.environment === environment &&
        ENVIRONMENT_VERBS.has(e.verb) &&
        e.outcome !== 'denied' &&
        Date.parse(e.at) >= since.getTime(),
    )
    .map((e) => ({
      kind: 'environment-action',
      at: new Date(e.at),
      verb: e.verb,
      command: e.command,
      actor: e.actor,
      outcome: e.outcome,
      ...(e.detail ? { detail: e.detail } : {}),
      ...(e.channelId ? { channelId: e.channelId } : {}),
    }));
  const oldest = entries[entries.length - 1];
  // A full page all newer than the window's start: older entries of the window were not read.
  const cut = entries.length >= AUDIT_SCAN && oldest !== undefined && Date.parse(oldest.at) > since.getTime();
  const report: SourceReport = cut
    ? {
        source,
        state: 'partial',
        since,
        unreadable: [
          {
            label: `audit entries before ${oldest.at}`,
            failure: { code: 'other', message: `more than ${AUDIT_SCAN} audit entries in the window` },
          },
        ],
      }
    : { source, state: 'read', since };
  return { items, report };
}
