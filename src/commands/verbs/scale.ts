import { echo } from '../../util/echo.js';
import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';
import { remediationResult } from './remediation-verb.js';
import { serviceParam } from './service-param.js';

/** A bound on typos (`scale dev api 200` meant 20): ECS allows more, this asks for --force. */
const MAX_COUNT = 100;

export const scaleVerb = defineVerb<{ env: string; service: string; count: number; force: boolean }>({
  name: 'scale',
  summary: "Set an ECS service's desired count (within its autoscaling bounds unless --force)",
  details:
    'Application Auto Scaling puts a count outside [min, max] back into range, so such a count is refused unless --force. Progress is edited into one message until the service is steady.',
  args: [
    { name: 'env', description: 'the environment', required: true },
    { name: 'service', description: 'the ECS service (or cluster/service)', required: true },
    { name: 'n', description: 'the desired number of tasks', required: true },
  ],
  flags: [{ name: 'force', description: 'allow a count outside the autoscaling bounds (or above 100)' }],
  role: 'operator',
  mutates: true,
  confirm: true,
  dryRun: true,
  environmentArg: 'env',
  examples: ['scale dev api 4', 'scale dev api 12 --force'],
  params: ({ args, flags }, { services }) => {
    const env = environmentParam(args.env ?? '', services.config);
    if (!env.ok) return env;
    const service = serviceParam(args.service);
    if (!service.ok) return service;
    const raw = args.n ?? '';
    const count = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
    const force = flags.force === true;
    if (!Number.isInteger(count)) {
      return {
        ok: false,
        error: `\`${echo(raw, 20)}\` is not a task count: give a whole number, e.g. \`scale ${env.value} ${service.value} 3\`.`,
      };
    }
    if (count > MAX_COUNT && !force) {
      return { ok: false, error: `${count} tasks is a lot: add \`--force\` if you mean it.` };
    }
    return { ok: true, value: { env: env.value, service: service.value, count, force } };
  },
  handle: ({ env, service, count, force }, ctx, flags) =>
    remediationResult({ kind: 'scale', env, service, target: count, force }, ctx, flags),
});
