import { inert, nameCode } from '../../alerts/incident-messages.js';
import { cutAtWord } from '../../alerts/plain-reason.js';
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
    const alerts = ctx.services.alerts;
    // Each firing alarm links to its incident's thread, when the bot has one.
    const threads = await Promise.all(
      firing.slice(0, 40).map(async (a) => {
        const account = a.arn ? /:(\d{12}):alarm:/.exec(a.arn)?.[1] : undefined;
        if (!alerts || !account) return '';
        const incident = await alerts.incidentOfAlarm(account, a.region, a.name).catch(() => undefined);
        const link = incident ? await alerts.threadLink(incident) : undefined;
        return link ? ` · <${link}|thread>` : '';
      }),
    );
    return ok({
      title: `${firing.length} alarm${firing.length === 1 ? '' : 's'} firing in ${scope}`,
      tone: 'danger',
      parts: [
        {
          type: 'list',
          items: firing.slice(0, 40).map((a, i) => {
            const mark = a.state === 'ALARM' ? '🔴' : '🟡';
            const since = a.since ? ` since ${formatLocalTime(a.since, tz)}` : '';
            return `${mark} ${nameCode(a.name)} (${a.environment})${since} — ${inert(cutAtWord(a.reason, 200))}${threads[i] ?? ''}`;
          }),
        },
        ...(firing.length > 40
          ? [{ type: 'context' as const, text: `…and ${firing.length - 40} more.` }]
          : []),
      ],
    });
  },
});
