import type { AccessPolicy } from '../access/access-policy.js';
import type { Role } from '../access/roles.js';
import type { AlarmReader } from '../alerts/alarm-reader.js';
import type { AlertsService } from '../alerts/alerts-service.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AwsClientFactory } from '../aws/aws-clients.js';
import type { ChangeService } from '../changes/change-service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { EnvironmentService } from '../environments/environment-service.js';
import type { ActorRef } from '../environments/model.js';
import type { IncidentContextService } from '../incidents/incident-context-service.js';
import type { Logger } from '../logger.js';
import type { MessageQueue } from '../ports/message-queue.js';
import type { PostedRef, Publisher } from '../ports/publisher.js';
import type { Store } from '../store/store.js';
import type { Registry } from './registry.js';

/**
 * Who asked. Slack users are identified by ID; the terminal by the OS user running it; the
 * schedule is infrabot itself acting on an environment's schedule (`reason` says which tick).
 */
export type Actor =
  | { kind: 'slack'; userId: string; userName?: string; teamId?: string }
  | { kind: 'terminal'; user: string; host: string }
  | { kind: 'schedule'; reason: string };

export type FrontDoor = 'slack' | 'terminal' | 'schedule';

/** Everything handlers may use; the composition root (main.ts) builds it once. */
export interface Services {
  config: Config;
  store: Store;
  audit: AuditLog;
  access: AccessPolicy;
  logger: Logger;
  clock: Clock;
  registry: Registry;
  /** Absent when no AWS access is configured (then `alarms` says how to set it up). */
  alarms?: AlarmReader;
  /** Speaks to Slack outside a request (the bot only; absent in the terminal). */
  publisher?: Publisher;
  /** Alarm incidents and their threads; absent when `alerts` is not configured. */
  alerts?: AlertsService;
  /** Where alarm events arrive (SQS); absent when no queue URL is configured. */
  alarmQueue?: MessageQueue;
  /** Status, stop and start of environments; absent when no AWS access is configured. */
  environments?: EnvironmentService;
  /** `/infra add`: pull requests on `changes.repo`; absent when `changes:` is not configured. */
  changes?: ChangeService;
  /** AWS clients for reads beyond the environments capability (schedule in-use checks, prices). */
  aws?: AwsClientFactory;
  /** What changed, recent errors, restart/scale, timelines; absent when no AWS access is configured. */
  incidents?: IncidentContextService;
}

export interface CommandContext {
  actor: Actor;
  /** The Slack channel the command came from; undefined in the terminal. */
  channelId?: string;
  /** The thread the command was run in (a button on a thread message); undefined elsewhere. */
  thread?: PostedRef;
  frontDoor: FrontDoor;
  /** The asker's role, resolved before the handler runs. */
  role: Role;
  services: Services;
  /** Aborted when the front door gives up on the command (Ctrl-C in the terminal). */
  signal?: AbortSignal;
}

export function actorId(actor: Actor): string {
  switch (actor.kind) {
    case 'slack':
      return actor.userId;
    case 'terminal':
      return `terminal:${actor.user}@${actor.host}`;
    case 'schedule':
      return 'schedule';
  }
}

/** The actor as data, for what the domain stores (a user id, never a mention). */
export function actorRef(actor: Actor): ActorRef {
  switch (actor.kind) {
    case 'slack':
      return { kind: 'slack', id: actor.userId };
    case 'terminal':
      return { kind: 'terminal', id: `${actor.user}@${actor.host}` };
    case 'schedule':
      return { kind: 'schedule', id: actor.reason };
  }
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'slack':
      return `<@${actor.userId}>`;
    case 'terminal':
      return `${actor.user}@${actor.host} (terminal)`;
    case 'schedule':
      return 'the schedule';
  }
}
