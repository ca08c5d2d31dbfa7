import { operationResult } from '../../environments/operation-result.js';
import { actorLabel } from '../context.js';
import { failure } from '../result.js';
import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';

export const NO_AWS =
  'infrabot has no AWS access configured, so it cannot change environments. Run `infrabot doctor`.';

export const stopVerb = defineVerb<{ env: string }>({
  name: 'stop',
  summary: 'Stop an environment: ECS services to 0, RDS databases stopped (start puts them back)',
  details:
    'Saves each desired count and autoscaling bounds first, so `start` restores them exactly. Read replicas, Aurora members and other databases AWS cannot stop are skipped, with the reason.',
  args: [{ name: 'env', description: 'the environment to stop', required: true }],
  role: 'operator',
  mutates: true,
  confirm: true,
  dryRun: true,
  environmentArg: 'env',
  examples: ['stop dev', 'stop dev --dry-run'],
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
      operation: 'stop',
      actor: actorLabel(ctx.actor),
      dryRun: flags.dryRun,
      timeZone: config.environments[env]?.schedule?.timezone ?? config.timezone,
    });
  },
});
