import { incidentState } from '../../alerts/incident.js';
import { inert, STATE_MARK } from '../../alerts/incident-messages.js';
import { formatLocalTime } from '../../clock.js';
import { failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';
import { NO_ALERTS } from './incident-param.js';

export const incidentsVerb = defineVerb<{ environment?: string }>({
  name: 'incidents',
  summary: 'List the open alarm incidents with links to their threads',
  args: [{ name: 'env', description: 'only this environment', required: false }],
  role: 'viewer',
  mutates: false,
  examples: ['incidents', 'incidents dev'],
  params: ({ args }, { services }) => {
    if (args.env === undefined) return { ok: true, value: {} };
    const env = environmentParam(args.env, services.config);
    return env.ok ? { ok: true, value: { environment: env.value } } : env;
  },
  async handle({ environment }, ctx) {
    const alerts = ctx.services.alerts;
    if (!alerts) return failure(NO_ALERTS);
    const open = await alerts.openIncidents(environment);
    if (open.length === 0) return ok({ title: '🟢 No open alarm incidents', parts: [] });
    const tz = ctx.services.config.timezone;
    const items = await Promise.all(
      open.slice(0, 30).map(async (inc) => {
        const members = Object.values(inc.members);
        const name =
          members.length === 1 ? `\`${inert(members[0]!.name, 120)}\`` : `${members.length} alarms`;
        const link = await alerts.threadLink(inc);
        const ack = inc.ack ? ` · acked by <@${inert(inc.ack.by, 30)}>` : '';
        return `${STATE_MARK[incidentState(inc)]} ${name} (${inert(inc.environment ?? 'no environment', 40)}) since ${formatLocalTime(new Date(inc.openedAt), tz)}${ack}${link ? ` · <${link}|thread>` : ''}`;
      }),
    );
    return ok({
      title: `${open.length} open alarm incident${open.length === 1 ? '' : 's'}`,
      parts: [
        { type: 'list', items },
        ...(open.length > 30 ? [{ type: 'context' as const, text: `…and ${open.length - 30} more.` }] : []),
      ],
    });
  },
});
