import type { Operation } from '../../environments/environment-service.js';
import { withOnDemandKeep } from '../../schedules/on-demand-start.js';
import { withSavingsLedger } from '../../schedules/savings-hook.js';
import { actorRef } from '../context.js';
import { failure } from '../result.js';
import { defineVerb } from '../verb.js';
import { operationResult } from './environment-operation-result.js';
import { environmentParam } from './environment-param.js';

export const NO_AWS =
  'infrabot has no AWS access configured, so it cannot change environments. Run `infrabot doctor`.';

/** `stop <env>` and `start <env>` share everything but their words: one definition serves both. */
export function environmentOperationVerb(operation: Operation, text: { summary: string; details: string }) {
  return defineVerb<{ env: string }>({
    name: operation,
    ...text,
    args: [{ name: 'env', description: `the environment to ${operation}`, required: true }],
    role: 'operator',
    mutates: true,
    confirm: true,
    dryRun: true,
    environmentArg: 'env',
    examples: [`${operation} dev`, `${operation} dev --dry-run`],
    params: ({ args }, { services }) => {
      const env = environmentParam(args.env ?? '', services.config);
      return env.ok ? { ok: true, value: { env: env.value } } : env;
    },
    async handle({ env }, ctx, flags) {
      const environments = ctx.services.environments;
      if (!environments) return failure(NO_AWS);
      const config = ctx.services.config;
      const result = await operationResult(environments, {
        environment: env,
        operation,
        actor: actorRef(ctx.actor),
        dryRun: flags.dryRun,
        timeZone: config.environments[env]?.schedule?.timezone ?? config.timezone,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      const recorded = withSavingsLedger(result, env, operation, ctx);
      return operation === 'start' ? withOnDemandKeep(recorded, env, ctx, flags.dryRun) : recorded;
    },
  });
}
