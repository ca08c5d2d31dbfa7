import type { Services } from '../commands/context.js';
import type { Message } from '../commands/message.js';
import { runCommand } from '../commands/run-command.js';
import { whyNotStoppable } from '../environments/database-rules.js';
import type { OutcomeKind } from '../environments/outcome.js';
import type {
  EnvironmentOperations,
  EnvironmentSnapshot,
  RunningResource,
  RunOutcome,
  ScheduledRun,
} from './environment-operations.js';
import type { ScheduledAction } from './schedule-times.js';

/** The schedule's outcome for each OperationOutcome kind (not-read: nothing changed, so it failed). */
const RUN_OUTCOME: Record<OutcomeKind, RunOutcome> = {
  ok: 'done',
  partial: 'partial',
  failed: 'failed',
  'not-read': 'failed',
  'nothing-to-do': 'nothing-to-do',
};

/** RDS starts a stopped database by itself after this long. */
const AWS_AUTO_RESTART_MS = 7 * 86_400_000;

/**
 * EnvironmentOperations over today's command path: a scheduled stop is `stop <env> --yes` run by
 * the `schedule` actor through runCommand (access, audit, lease, progress all as for a person),
 * and its outcome is the command's structured completion (the OperationOutcome's kind), never its
 * wording and never a later read of the store (which another run may have rewritten, or which
 * may not have been written at all when the store failed).
 */
export function environmentOperations(services: Services): EnvironmentOperations {
  return {
    async run(environment, action: ScheduledAction, reason): Promise<ScheduledRun> {
      const result = await runCommand(`${action} ${environment} --yes`, {
        actor: { kind: 'schedule', reason },
        frontDoor: 'schedule',
        services,
      });
      if (!result.progress) {
        // Nothing changed. Only "everything was read and is already there" is nothing to do;
        // busy, not configured, no AWS, denied or not read (`not-read`): it did not run.
        const end = await result.completion?.catch(() => undefined);
        if (result.outcome === 'ok' && (end === undefined || end.kind === 'nothing-to-do'))
          return { kind: 'nothing-to-do', message: result.message, outcome: async () => 'nothing-to-do' };
        return { kind: 'refused', message: result.message, outcome: async () => 'refused' };
      }
      const source = result.progress;
      const completion = result.completion;
      let finished: () => void = () => {};
      const ended = new Promise<void>((resolve) => {
        finished = resolve;
      });
      async function* passThrough(): AsyncGenerator<Message> {
        try {
          for await (const step of source) yield step;
        } finally {
          finished();
        }
      }
      return {
        kind: 'started',
        message: result.message,
        progress: passThrough(),
        async outcome(): Promise<RunOutcome> {
          await ended;
          // No completion, or it broke: nothing says the run finished, so it did not succeed.
          const end = await completion?.catch(() => undefined);
          return end?.kind ? RUN_OUTCOME[end.kind] : 'failed';
        },
      };
    },

    async snapshot(environment): Promise<EnvironmentSnapshot> {
      const environments = services.environments;
      if (!environments) throw new Error('infrabot has no AWS access configured; run `infrabot doctor`.');
      const status = await environments.status(environment);
      const now = services.clock.now().getTime();
      const running: RunningResource[] = [];
      const inventory = status.inventory;
      for (const svc of inventory?.services ?? []) {
        if (svc.desired > 0) {
          running.push({
            label: `ecs ${svc.cluster}/${svc.service}`,
            kind: 'ecs',
            cause: 'started-outside-infrabot',
          });
        }
      }
      const databases = [...(inventory?.instances ?? []), ...(inventory?.clusters ?? [])];
      for (const db of databases) {
        // What AWS cannot stop (a read replica, an Aurora member) is not a deviation to correct.
        if (whyNotStoppable(db) !== undefined) continue;
        if (db.status !== 'available' && db.status !== 'starting') continue;
        const saved = status.savedDatabases.get(`${db.kind}#${db.id}`);
        const restartedByAws =
          saved !== undefined && now - new Date(saved.stoppedAt).getTime() >= AWS_AUTO_RESTART_MS;
        running.push({
          label: `rds ${db.id}`,
          kind: 'db',
          cause: restartedByAws ? 'aws-auto-restart' : 'started-outside-infrabot',
        });
      }
      return {
        running,
        services: (inventory?.services ?? []).map((s) => ({ cluster: s.cluster, service: s.service })),
        unreadable: (inventory?.problems ?? []).map((p) => p.label),
        busy: status.operation !== undefined,
      };
    },
  };
}
