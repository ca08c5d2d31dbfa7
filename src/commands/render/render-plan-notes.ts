import type { NotStoppable } from '../../environments/database-rules.js';
import type { Operation } from '../../environments/outcome.js';
import type { AlreadyThere, SkipReason } from '../../environments/plan.js';

/** Why AWS refuses to stop a database, worded for people. */
export function notStoppableText(rule: NotStoppable): string {
  switch (rule.code) {
    case 'aurora-member':
      return `an Aurora instance is stopped with its cluster: stop ${rule.cluster} instead`;
    case 'multi-az-cluster-member':
      return `a member of Multi-AZ DB cluster ${rule.cluster}, which cannot be stopped`;
    case 'read-replica':
      return 'a read replica cannot be stopped';
    case 'replica-source':
      return `it is the source of read replica${rule.replicas.length === 1 ? '' : 's'} ${rule.replicas.join(', ')}, so it cannot be stopped`;
    case 'sqlserver-multi-az':
      return 'a SQL Server Multi-AZ instance cannot be stopped';
    case 'global-database':
      return `part of global database ${rule.global}, which cannot be stopped`;
    case 'cross-region-replicas':
      return 'it has cross-Region read replicas, so it cannot be stopped';
    case 'replica-cluster':
      return 'a read replica cluster cannot be stopped';
    case 'serverless-v1':
      return 'Aurora Serverless v1 cannot be stopped';
    case 'multi-az-db-cluster':
      return 'a Multi-AZ DB cluster cannot be stopped';
  }
}

/** Why a resource is left out of a stop or start. */
export function skipText(reason: SkipReason, operation: Operation): string {
  switch (reason.code) {
    case 'services-unread':
      return 'left running: some services of the environment could not be read, and a database is never stopped while a service may still use it';
    case 'wrong-state':
      return operation === 'stop'
        ? `it is ${reason.status}; only an available database can be stopped`
        : `it is ${reason.status}; only a stopped database can be started`;
    case 'no-saved-count':
      return 'infrabot has no saved desired count for it (it did not stop it); set the count in ECS';
    default:
      return notStoppableText(reason);
  }
}

/** Why a resource is already where the operation would bring it. */
export function alreadyText(note: AlreadyThere): string {
  switch (note.code) {
    case 'already-stopped':
      return 'already stopped';
    case 'draining':
      return `stopping (${note.running} still running)`;
    case 'already-stopping':
      return 'already stopping';
    case 'already-available':
      return 'already available';
    case 'already-running':
      return `already running (${note.running} / ${note.desired})`;
  }
}
