import { randomUUID } from 'node:crypto';
import type { GroupDirectory } from './access/access-policy.js';
import { AccessPolicy } from './access/access-policy.js';
import { CloudWatchAlarmReader } from './alerts/alarm-reader.js';
import { type AlertSettings, AlertsService } from './alerts/alerts-service.js';
import type { IncidentHooks } from './alerts/incident-hooks.js';
import { type AuditEntry, AuditLog } from './audit/audit-log.js';
import { AwsClientFactory } from './aws/aws-clients.js';
import { AwsEnvironmentGateways } from './aws/aws-environment-gateways.js';
import { AwsIncidentGateways } from './aws/aws-incident-gateways.js';
import { CloudWatchAlarmDetails } from './aws/cloudwatch-alarm-details.js';
import { regionOfQueueUrl, SqsMessageQueue } from './aws/sqs-message-queue.js';
import { ChangeService } from './changes/change-service.js';
import type { InfraRepo } from './changes/infra-repo.js';
import { type Clock, systemClock } from './clock.js';
import { createRegistry } from './commands/all-verbs.js';
import type { Services } from './commands/context.js';
import { incidentButtons, postIncidentContext, timelineButton } from './commands/incident-context-posts.js';
import type { Config } from './config/schema.js';
import { EnvironmentService } from './environments/environment-service.js';
import type { OperationTiming } from './environments/timing.js';
import { infraRepoConnector } from './github/github-client.js';
import { IncidentContextService } from './incidents/incident-context-service.js';
import { StoreIncidentHistory } from './incidents/incident-history.js';
import { NoMergedPullRequests, StoreMergedPullRequests } from './incidents/recent-changes.js';
import type { ErrorsSettings } from './incidents/recent-errors.js';
import type { RemediationTiming } from './incidents/remediation.js';
import type { Logger } from './logger.js';
import type { Publisher } from './ports/publisher.js';
import type { RuntimeEnv } from './runtime-env.js';
import type { Store } from './store/store.js';
import { parseDuration } from './util/duration.js';

export interface ServiceDeps {
  config: Config;
  store: Store;
  logger: Logger;
  region: string;
  clock?: Clock;
  groups?: GroupDirectory;
  auditNotify?: (entry: AuditEntry) => Promise<void>;
  aws?: AwsClientFactory;
  /** How often stop/start look at AWS; the sandbox, whose AWS runs on compressed time, looks more often. */
  environmentTiming?: Partial<OperationTiming>;
  /** Speaks to Slack outside a request (alerts, warnings, follow-ups); absent in the terminal. */
  publisher?: Publisher;
  /** Connects to `changes.repo` on first use (github/github-client.ts); absent without credentials. */
  github?: () => Promise<InfraRepo>;
  /** The SQS queue alarm events arrive on (INFRABOT_ALARM_QUEUE_URL, else alerts.queue_url). */
  alarmQueueUrl?: string;
  /** This process's id for leases (two replicas never share one). */
  instanceId?: string;
  /** Overrides of the alert timings (tests and benchmarks run them faster). */
  alertSettings?: Partial<AlertSettings>;
  /** How often restart/scale and the errors query look at AWS, and how long they wait (tests, the sandbox). */
  incidentTiming?: { remediation?: Partial<RemediationTiming>; errors?: Partial<ErrorsSettings> };
}

/** The alert timings from the config file (`off` turns one off). */
export function alertSettingsFrom(alerts: NonNullable<Config['alerts']>): Partial<AlertSettings> {
  const ms = (text: string) => (text.trim().toLowerCase() === 'off' ? 0 : (parseDuration(text) ?? 0));
  const remind = ms(alerts.remind_every);
  return {
    groupWindowMs: ms(alerts.group_window),
    reopenWindowMs: ms(alerts.reopen_window),
    ...(remind > 0 ? { remindEveryMs: remind } : { remindEveryMs: undefined }),
    graphs: alerts.graphs,
  };
}

/** Builds the services every front door shares. The only place that knows all concrete adapters. */
export function buildServices(deps: ServiceDeps): Services {
  const clock = deps.clock ?? systemClock;
  const aws = deps.aws ?? new AwsClientFactory();
  // One environments adapter: its ECS pacer and retry policy are shared with incident remediation.
  const gateways = new AwsEnvironmentGateways(aws, {
    ...(deps.environmentTiming?.sleep ? { sleep: deps.environmentTiming.sleep } : {}),
    ...(deps.environmentTiming?.now ? { now: deps.environmentTiming.now } : {}),
  });
  const audit = new AuditLog(
    deps.store,
    deps.logger,
    clock,
    deps.auditNotify ? { notify: deps.auditNotify } : {},
  );
  // Alert threads write the history (incident-history.ts); without them there is none to read.
  const history = deps.config.alerts ? new StoreIncidentHistory(deps.store) : undefined;
  // Set once built: the alerts hooks post incident context through the finished services.
  let services: Services | undefined;
  const hooks: IncidentHooks = {
    parentButtons: (incident) => {
      if (incident.resolved) return [timelineButton(incident.id)];
      const { environment, service } = incident;
      return environment && service && deps.config.environments[environment]
        ? incidentButtons(environment, service)
        : [];
    },
    opened: (incident) => {
      if (!services) return;
      // Not awaited: what changed is read and posted beside the thread; errors follow when their query ends.
      postIncidentContext(services, incident).catch((error: unknown) =>
        deps.logger.warn(
          { err: error, incident: incident.id },
          'could not post what changed in the incident thread',
        ),
      );
    },
  };
  const alerts = deps.config.alerts
    ? new AlertsService({
        config: deps.config,
        store: deps.store,
        details: new CloudWatchAlarmDetails(aws),
        clock,
        logger: deps.logger,
        audit,
        ...(deps.publisher ? { publisher: deps.publisher } : {}),
        owner: deps.instanceId ?? randomUUID(),
        settings: { ...alertSettingsFrom(deps.config.alerts), ...deps.alertSettings },
        hooks,
        ...(history ? { history } : {}),
      })
    : undefined;
  const queueUrl = deps.alarmQueueUrl;
  services = {
    config: deps.config,
    store: deps.store,
    logger: deps.logger,
    clock,
    registry: createRegistry(),
    aws,
    ...(deps.publisher ? { publisher: deps.publisher } : {}),
    ...(deps.config.changes ? { changes: new ChangeService(deps.config.changes, deps.github) } : {}),
    access: new AccessPolicy(deps.config.access, deps.config.environments, deps.groups, deps.logger, () =>
      clock.now().getTime(),
    ),
    audit,
    ...(alerts ? { alerts } : {}),
    ...(queueUrl
      ? {
          alarmQueue: new SqsMessageQueue(() => aws.sqs(regionOfQueueUrl(queueUrl) ?? deps.region), queueUrl),
        }
      : {}),
    alarms: new CloudWatchAlarmReader(deps.config, aws, deps.region),
    environments: new EnvironmentService({
      config: deps.config,
      // The environments port's AWS adapter: one ECS pacer per account and Region, one retry policy.
      gateways,
      store: deps.store,
      clock,
      logger: deps.logger,
      defaultRegion: deps.region,
      ...(deps.environmentTiming ? { timing: deps.environmentTiming } : {}),
    }),
    incidents: new IncidentContextService({
      config: deps.config,
      environmentGateways: gateways,
      incidentGateways: new AwsIncidentGateways(aws, gateways),
      audit,
      store: deps.store,
      clock,
      logger: deps.logger,
      defaultRegion: deps.region,
      // The pull request follower (changes/pr-follower.ts) records the merges it sees; without
      // `changes:` infrabot opens no PRs, and says it cannot tell rather than "none merged".
      mergedPullRequests: deps.config.changes
        ? new StoreMergedPullRequests(deps.store)
        : new NoMergedPullRequests('`changes:` is not configured, so infrabot follows no pull requests'),
      ...(history ? { history } : {}),
      ...(deps.environmentTiming?.sleep ? { sleep: deps.environmentTiming.sleep } : {}),
      ...(deps.incidentTiming?.remediation ? { timing: deps.incidentTiming.remediation } : {}),
      ...(deps.incidentTiming?.errors ? { errors: deps.incidentTiming.errors } : {}),
    }),
  };
  return services;
}

/** The GitHub connection for `/infra add`, when `changes:` and credentials are configured. */
export function githubDeps(runtime: RuntimeEnv, logger: Logger, config: Config): Pick<ServiceDeps, 'github'> {
  const connect = config.changes ? infraRepoConnector(runtime, logger, config.changes.repo) : undefined;
  return connect ? { github: connect } : {};
}
