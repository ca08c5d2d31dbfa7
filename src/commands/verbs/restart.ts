import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';
import { remediationResult } from './remediation-verb.js';
import { serviceParam } from './service-param.js';

export const restartVerb = defineVerb<{ env: string; service: string }>({
  name: 'restart',
  summary: 'Restart an ECS service: a new deployment of the same revision replaces its tasks',
  details:
    'UpdateService with forceNewDeployment. Progress is edited into one message until the service is steady again; a deployment the circuit breaker rolls back is reported as a failure.',
  args: [
    { name: 'env', description: 'the environment', required: true },
    { name: 'service', description: 'the ECS service (or cluster/service)', required: true },
  ],
  role: 'operator',
  mutates: true,
  confirm: true,
  dryRun: true,
  environmentArg: 'env',
  examples: ['restart dev api', 'restart dev api --dry-run'],
  params: ({ args }, { services }) => {
    const env = environmentParam(args.env ?? '', services.config);
    if (!env.ok) return env;
    const service = serviceParam(args.service);
    return service.ok ? { ok: true, value: { env: env.value, service: service.value } } : service;
  },
  handle: ({ env, service }, ctx, flags) =>
    remediationResult({ kind: 'restart', env, service, force: false }, ctx, flags),
});
