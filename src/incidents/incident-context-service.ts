import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Config, EnvironmentConfig } from '../config/schema.js';
import type {
  EnvironmentGateways,
  EnvironmentTarget,
  GatewayEvents,
} from '../environments/environment-gateway.js';
import { failureOf } from '../environments/environment-gateway.js';
import type { ActorRef } from '../environments/model.js';
import type { Logger } from '../logger.js';
import type { PostedRef } from '../ports/publisher.js';
import type { Store } from '../store/store.js';
import { realSleep, type Sleep } from '../util/sleep.js';
import type { WhatChanged } from './change-items.js';
import { environmentServices, findService } from './environment-services.js';
import type { IncidentGateways } from './incident-gateway.js';
import type {
  HistoryEvent,
  IncidentHistory,
  IncidentRecord,
  StoreIncidentHistory,
} from './incident-history.js';
import type { MergedPullRequests } from './recent-changes.js';
import {
  DEFAULT_ERRORS_WINDOW_MS,
  type ErrorsOutcome,
  type ErrorsSettings,
  queryRecentErrors,
} from './recent-errors.js';
import {
  DEFAULT_REMEDIATION_TIMING,
  type PlanResult,
  planRemediation,
  type RemediationDeps,
  type RemediationKind,
  type RemediationPlan,
  type RemediationTiming,
  runRemediation,
} from './remediation.js';
import { buildTimeline, incidentActions, type Timeline } from './timeline.js';
import { collectWhatChanged, type LookBack } from './what-changed.js';

export interface IncidentContextDeps {
  config: Config;
  environmentGateways: EnvironmentGateways;
  incidentGateways: IncidentGateways;
  audit: AuditLog;
  store: Store;
  clock: Clock;
  logger: Logger;
  defaultRegion: string;
  mergedPullRequests: MergedPullRequests;
  /** Absent until alert threads record their incidents' history (see incident-history.ts). */
  history?: IncidentHistory | StoreIncidentHistory;
  timing?: Partial<RemediationTiming>;
  errors?: Partial<ErrorsSettings>;
  lookBack?: Partial<LookBack>;
  sleep?: Sleep;
}

export type ErrorsLookup =
  | ErrorsOutcome
  | { kind: 'service-not-found'; environment: string; name: string; known: string[] }
  | { kind: 'ambiguous'; environment: string; name: string; matches: string[] }
  | { kind: 'environment-unreadable'; environment: string; message: string };

/**
 * Incident context and remediation: what changed, what the logs say, restart and scale, and the
 * timeline. Knows AWS through its ports and the store; returns data the verbs render.
 */
export class IncidentContextService {
  private readonly timing: RemediationTiming;

  constructor(private readonly deps: IncidentContextDeps) {
    this.timing = {
      ...DEFAULT_REMEDIATION_TIMING,
      sleep: deps.sleep ?? realSleep,
      now: () => performance.now(),
      ...deps.timing,
    };
  }

  get hasHistory(): boolean {
    return this.deps.history !== undefined;
  }

  private env(name: string): EnvironmentConfig {
    const env = this.deps.config.environments[name];
    if (!env) throw new Error(`There is no environment ${name} in the config.`);
    return env;
  }

  private target(env: EnvironmentConfig): EnvironmentTarget {
    return {
      region: env.region ?? this.deps.defaultRegion,
      ...(env.role_arn ? { roleArn: env.role_arn } : {}),
      ...(env.external_id ? { externalId: env.external_id } : {}),
    };
  }

  regionOf(environment: string): string {
    return this.env(environment).region ?? this.deps.defaultRegion;
  }

  /** "What changed" before `at` (the incident's opening; now by default). */
  whatChanged(environment: string, at: Date = this.deps.clock.now()): Promise<WhatChanged> {
    const config = this.env(environment);
    return collectWhatChanged(
      {
        environmentGateways: this.deps.environmentGateways,
        incidentGateways: this.deps.incidentGateways,
        audit: this.deps.audit,
        mergedPullRequests: this.deps.mergedPullRequests,
        now: () => this.deps.clock.now(),
      },
      {
        environment,
        config,
        region: this.target(config).region,
        at,
        ...(this.deps.lookBack ? { lookBack: this.deps.lookBack } : {}),
      },
    );
  }

  /** The top errors of a service's logs from `since` (default: 30 minutes ago) until now. */
  async recentErrors(
    environment: string,
    serviceName: string,
    options: { since?: Date; signal?: AbortSignal } = {},
  ): Promise<ErrorsLookup> {
    const config = this.env(environment);
    const target = this.target(config);
    const end = this.deps.clock.now();
    const start = options.since ?? new Date(end.getTime() - DEFAULT_ERRORS_WINDOW_MS);
    try {
      const [envGateway, gateway] = await Promise.all([
        this.deps.environmentGateways.gatewayFor(target),
        this.deps.incidentGateways.gatewayFor(target),
      ]);
      const list = await environmentServices(config, envGateway);
      const found = findService(list, serviceName);
      if (!found) {
        if (list.refs.length === 0 && list.unreadable.length > 0) {
          return {
            kind: 'environment-unreadable',
            environment,
            message: list.unreadable[0]!.failure.message,
          };
        }
        return {
          kind: 'service-not-found',
          environment,
          name: serviceName,
          known: list.refs.map((r) => r.service),
        };
      }
      if (Array.isArray(found)) {
        return {
          kind: 'ambiguous',
          environment,
          name: serviceName,
          matches: found.map((r) => `${r.cluster}/${r.service}`),
        };
      }
      return await queryRecentErrors(
        gateway,
        {
          environment,
          config,
          region: target.region,
          service: found,
          window: { start, end },
          ...(this.deps.errors ? { settings: this.deps.errors } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        },
        this.deps.sleep ?? realSleep,
      );
    } catch (error) {
      return { kind: 'environment-unreadable', environment, message: failureOf(error).message };
    }
  }

  private remediationDeps(environment: string): RemediationDeps {
    const target = this.target(this.env(environment));
    return {
      gateways: async (events?: GatewayEvents) => {
        const [env, incident] = await Promise.all([
          this.deps.environmentGateways.gatewayFor(target, events),
          this.deps.incidentGateways.gatewayFor(target, events),
        ]);
        return { env, incident };
      },
      store: this.deps.store,
      timing: this.timing,
    };
  }

  plan(request: {
    kind: RemediationKind;
    environment: string;
    service: string;
    target?: number;
    force: boolean;
  }): Promise<PlanResult> {
    const config = this.env(request.environment);
    return planRemediation(this.remediationDeps(request.environment), {
      ...request,
      config,
      region: this.target(config).region,
    });
  }

  run(plan: RemediationPlan, actor: ActorRef, signal?: AbortSignal) {
    return runRemediation(this.remediationDeps(plan.environment), plan, actor, signal);
  }

  /** Keeps what the thread was told (what changed, errors) in the incident's history, when it has one. */
  async keep(id: string, event: HistoryEvent, changes?: WhatChanged): Promise<void> {
    const history = this.deps.history;
    if (!history || !('record' in history)) return;
    try {
      await history.record(id, event);
      if (changes) await history.recordChanges(id, changes.items);
    } catch (error) {
      this.deps.logger.warn({ err: error, incident: id }, 'could not keep incident context in its history');
    }
  }

  async incident(ref: { id: string } | { thread: PostedRef }): Promise<IncidentRecord | undefined> {
    const history = this.deps.history;
    if (!history) return undefined;
    return 'id' in ref ? history.byId(ref.id) : history.byThread(ref.thread);
  }

  /** The incident's timeline: its history, the actions taken while it lasted, what changed before it. */
  async timeline(incident: IncidentRecord): Promise<Timeline> {
    const gaps: string[] = [];
    const end = incident.resolvedAt ? new Date(incident.resolvedAt) : this.deps.clock.now();
    const actions = await this.deps.audit.recent(1_000).then(
      (entries) => incidentActions(incident, entries, end),
      (error: unknown) => {
        gaps.push(`the audit trail could not be read (${failureOf(error).message})`);
        return [];
      },
    );
    let changes: WhatChanged | undefined;
    if (incident.environment && this.deps.config.environments[incident.environment]) {
      changes = await this.whatChanged(incident.environment, new Date(incident.openedAt));
      for (const source of changes.sources) {
        if (source.state === 'unreadable') gaps.push(`${source.source}: ${source.failure.message}`);
        if (source.state === 'not-available') gaps.push(`${source.source}: ${source.reason}`);
        if (source.state === 'partial')
          gaps.push(
            `${source.source}: ${source.unreadable.map((u) => `${u.label} (${u.failure.message})`).join('; ')}`,
          );
      }
    }
    // Actions from the audit are already in the trail: "what changed" keeps only what came before.
    if (changes) {
      changes = {
        ...changes,
        items: changes.items.filter(
          (i) => i.kind !== 'environment-action' || i.at.getTime() < Date.parse(incident.openedAt),
        ),
      };
    }
    return buildTimeline({ incident, actions, ...(changes ? { changes } : {}), gaps });
  }
}
