import { operationResult } from '../../environments/operation-result.js';
import { actorLabel } from '../context.js';
import { failure } from '../result.js';
import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';
import { NO_AWS } from './stop.js';

export const startVerb = defineVerb<{ env: string }>({
  name: 'start',
  summary: 'Start an environment: databases first, then services back to their saved counts',
  details:
    'Starts the RDS databases and waits until they are available, then restores each service’s autoscaling bounds and desired count, and waits until its tasks are running.',
  args: [{ name: 'env', description: 'the environment to start', required: true }],
  role: 'operator',
  mutates: true,
  confirm: true,
  dryRun: true,
  environmentArg: 'env',
  examples: ['start dev', 'start dev --dry-run'],
  params: ({ args }, { services }) => {
    const env = environmentParam(args.env ?? '', services.config);
    return env.ok ? { ok: true, value: { env: env.value } } : env;
  },
  async handle({ env }, ctx, flags) {
    const environments = ctx.services.environments;
    if (!environments) return failure(NO_AWS);
    const config = ctx.services.config;
    return operationResult(environments, {
      environment: env,
      operation: 'start',
      actor: actorLabel(ctx.actor),
      dryRun: flags.dryRun,
      timeZone: config.environments[env]?.schedule?.timezone ?? config.timezone,
    });
  },
});
