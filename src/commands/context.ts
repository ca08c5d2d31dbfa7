import type { AccessPolicy } from '../access/access-policy.js';
import type { Role } from '../access/roles.js';
import type { AlarmReader } from '../alerts/alarm-reader.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { EnvironmentService } from '../environments/environment-service.js';
import type { ActorRef } from '../environments/model.js';
import type { IncidentContextService } from '../incidents/incident-context-service.js';
import type { Logger } from '../logger.js';
import type { PostedRef, Publisher } from '../ports/publisher.js';
import type { Store } from '../store/store.js';
import type { Registry } from './registry.js';

/** Who asked. Slack users are identified by ID; the terminal by the OS user running it. */
export type Actor =
  | { kind: 'slack'; userId: string; userName?: string; teamId?: string }
  | { kind: 'terminal'; user: string; host: string };

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
  /** Status, stop and start of environments; absent when no AWS access is configured. */
  environments?: EnvironmentService;
  /** What changed, recent errors, restart/scale, timelines; absent when no AWS access is configured. */
  incidents?: IncidentContextService;
}

export interface CommandContext {
  actor: Actor;
  /** The Slack channel the command came from; undefined in the terminal. */
  channelId?: string;
  /** The thread the command was run in (a button on a thread message); undefined elsewhere. */
  thread?: PostedRef;
  frontDoor: 'slack' | 'terminal';
  /** The asker's role, resolved before the handler runs. */
  role: Role;
  services: Services;
  /** Aborted when the front door gives up on the command (Ctrl-C in the terminal). */
  signal?: AbortSignal;
}

export function actorId(actor: Actor): string {
  return actor.kind === 'slack' ? actor.userId : `terminal:${actor.user}@${actor.host}`;
}

/** The actor as data, for what the domain stores (a user id, never a mention). */
export function actorRef(actor: Actor): ActorRef {
  return actor.kind === 'slack'
    ? { kind: 'slack', id: actor.userId }
    : { kind: 'terminal', id: `${actor.user}@${actor.host}` };
}

export function actorLabel(actor: Actor): string {
  return actor.kind === 'slack' ? `<@${actor.userId}>` : `${actor.user}@${actor.host} (terminal)`;
}
