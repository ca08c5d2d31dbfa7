import type { Services } from '../commands/context.js';
import type { Message } from '../commands/message.js';
import { runCommand } from '../commands/run-command.js';
import { whyNotStoppable } from '../environments/database-rules.js';
import { EnvironmentMemory } from '../environments/environment-memory.js';
import type {
  EnvironmentOperations,
  EnvironmentSnapshot,
  RunningResource,
  RunOutcome,
  ScheduledRun,
} from './environment-operations.js';
import type { ScheduledAction } from './schedule-times.js';

/** RDS starts a stopped database by itself after this long. */
const AWS_AUTO_RESTART_MS = 7 * 86_400_000;

/**
 * EnvironmentOperations over today's command path: a scheduled stop is `stop <env> --yes` run by
 * the `schedule` actor through runCommand (access, audit, lease, progress all as for a person),
 * and its outcome is the environment's record, written by the operation itself.
 */
export function environmentOperations(services: Services): EnvironmentOperations {
  const memory = new EnvironmentMemory(services.store);
  return {
    async run(environment, action: ScheduledAction, reason): Promise<ScheduledRun> {
      const startedAt = services.clock.now().getTime();
      const result = await runCommand(`${action} ${environment} --yes`, {
        actor: { kind: 'schedule', reason },
        frontDoor: 'schedule',
        services,
      });
      if (result.outcome !== 'ok') {
        return { kind: 'refused', message: result.message, outcome: async () => 'refused' };
      }
      if (!result.progress) {
        return { kind: 'nothing-to-do', message: result.message, outcome: async () => 'nothing-to-do' };
      }
      const source = result.progress;
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
          const record = await memory.record(environment).catch(() => undefined);
          // No record of this very run: it crashed before its summary, so nothing says it finished.
          if (!record || record.operation !== action || new Date(record.at).getTime() < startedAt)
            return 'failed';
          return record.outcome;
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
