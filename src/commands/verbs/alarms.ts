import { formatLocalTime } from '../../clock.js';
import { failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';

export const alarmsVerb = defineVerb<{ environment?: string }>({
  name: 'alarms',
  summary: 'Show the CloudWatch alarms firing now',
  args: [{ name: 'env', description: 'only this environment', required: false }],
  role: 'viewer',
  mutates: false,
  examples: ['alarms', 'alarms dev'],
  params: ({ args }, { services }) => {
    if (args.env === undefined) return { ok: true, value: {} };
    const env = environmentParam(args.env, services.config);
    return env.ok ? { ok: true, value: { environment: env.value } } : env;
  },
  async handle({ environment }, ctx) {
    const reader = ctx.services.alarms;
    if (!reader)
      return failure(
        'infrabot has no AWS access configured, so it cannot read alarms. Run `infrabot doctor`.',
      );
    const firing = await reader.firing(environment);
    const scope = environment ?? 'all environments';
    if (firing.length === 0) {
      return ok({ title: `🟢 Nothing firing in ${scope}`, parts: [] });
    }
    const tz = ctx.services.config.timezone;
    return ok({
      title: `${firing.length} alarm${firing.length === 1 ? '' : 's'} firing in ${scope}`,
      tone: 'danger',
      parts: [
        {
          type: 'list',
          items: firing.slice(0, 40).map((a) => {
            const mark = a.state === 'ALARM' ? '🔴' : '🟡';
            const since = a.since ? ` since ${formatLocalTime(a.since, tz)}` : '';
            return `${mark} *${a.name}* (${a.environment})${since} — ${a.reason.slice(0, 200)}`;
          }),
        },
        ...(firing.length > 40
          ? [{ type: 'context' as const, text: `…and ${firing.length - 40} more.` }]
          : []),
      ],
    });
  },
});
