import type { GroupDirectory } from './access/access-policy.js';
import { AccessPolicy } from './access/access-policy.js';
import { CloudWatchAlarmReader } from './alerts/alarm-reader.js';
import { type AuditEntry, AuditLog } from './audit/audit-log.js';
import { AwsClientFactory } from './aws/aws-clients.js';
import { AwsEnvironmentGateways } from './aws/aws-environment-gateways.js';
import { ChangeService } from './changes/change-service.js';
import type { InfraRepo } from './changes/infra-repo.js';
import { type Clock, systemClock } from './clock.js';
import { createRegistry } from './commands/all-verbs.js';
import type { Services } from './commands/context.js';
import type { Config } from './config/schema.js';
import { EnvironmentService } from './environments/environment-service.js';
import type { OperationTiming } from './environments/timing.js';
import { infraRepoConnector } from './github/github-client.js';
import type { Logger } from './logger.js';
import type { Publisher } from './ports/publisher.js';
import type { RuntimeEnv } from './runtime-env.js';
import type { Store } from './store/store.js';

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
}

/** Builds the services every front door shares. The only place that knows all concrete adapters. */
export function buildServices(deps: ServiceDeps): Services {
  const clock = deps.clock ?? systemClock;
  const aws = deps.aws ?? new AwsClientFactory();
  return {
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
    audit: new AuditLog(deps.store, deps.logger, clock, deps.auditNotify ? { notify: deps.auditNotify } : {}),
    alarms: new CloudWatchAlarmReader(deps.config, aws, deps.region),
    environments: new EnvironmentService({
      config: deps.config,
      // The environments port's AWS adapter: one ECS pacer per account and Region, one retry policy.
      gateways: new AwsEnvironmentGateways(aws, {
        ...(deps.environmentTiming?.sleep ? { sleep: deps.environmentTiming.sleep } : {}),
        ...(deps.environmentTiming?.now ? { now: deps.environmentTiming.now } : {}),
      }),
      store: deps.store,
      clock,
      logger: deps.logger,
      defaultRegion: deps.region,
      ...(deps.environmentTiming ? { timing: deps.environmentTiming } : {}),
    }),
  };
}

/** The GitHub connection for `/infra add`, when `changes:` and credentials are configured. */
export function githubDeps(runtime: RuntimeEnv, logger: Logger, config: Config): Pick<ServiceDeps, 'github'> {
  const connect = config.changes ? infraRepoConnector(runtime, logger, config.changes.repo) : undefined;
  return connect ? { github: connect } : {};
}
