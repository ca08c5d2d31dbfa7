import { formatLocalTime } from '../../clock.js';
import { actorId } from '../context.js';
import { failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';
import { INCIDENT_ARG, incidentParam, NO_ALERTS } from './incident-param.js';

export const ackVerb = defineVerb<{ incident: string }>({
  name: 'ack',
  summary: 'Acknowledge an alarm incident: you are on it (shown on its thread; reminders stop)',
  args: [INCIDENT_ARG],
  role: 'viewer',
  mutates: true,
  examples: ['ack inc-7k2m9q'],
  params: ({ args }) => {
    const id = incidentParam(args.incident);
    return id.ok ? { ok: true, value: { incident: id.value } } : id;
  },
  async handle({ incident }, ctx) {
    const alerts = ctx.services.alerts;
    if (!alerts) return failure(NO_ALERTS);
    const who = ctx.actor.kind === 'slack' ? ctx.actor.userId : actorId(ctx.actor);
    const before = await alerts.repo.get(incident);
    if (!before)
      return failure(`There is no incident \`${incident}\`. \`/infra alarms\` lists the open ones.`);
    const outcome = await alerts.ack(incident, who);
    if (outcome === 'missing') return failure(`There is no incident \`${incident}\`.`);
    if (outcome === 'already') {
      const by = before.value.ack;
      return ok({
        parts: [
          {
            type: 'text',
            text: `\`${incident}\` was already acknowledged${by ? ` by <@${by.by}> at ${formatLocalTime(new Date(by.at), ctx.services.config.timezone)}` : ''}.`,
          },
        ],
      });
    }
    const shown = alerts.canPost
      ? 'The alarm message shows it.'
      : 'Slack shows it with the next change of the incident.';
    return {
      ...ok({ parts: [{ type: 'text', text: `✋ Acknowledged \`${incident}\`. ${shown}` }] }),
      auditDetail: `acknowledged ${incident}`,
    };
  },
});
