import { failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';
import { INCIDENT_ARG, incidentParam, NO_ALERTS } from './incident-param.js';

export const graphVerb = defineVerb<{ incident: string }>({
  name: 'graph',
  summary: 'Post the metric graph of an alarm incident into its thread',
  args: [INCIDENT_ARG],
  role: 'viewer',
  mutates: false,
  examples: ['graph inc-7k2m9q'],
  params: ({ args }) => {
    const id = incidentParam(args.incident);
    return id.ok ? { ok: true, value: { incident: id.value } } : id;
  },
  async handle({ incident }, ctx) {
    const alerts = ctx.services.alerts;
    if (!alerts) return failure(NO_ALERTS);
    if (!alerts.canPost)
      return failure(
        'Graphs go into the Slack thread; run this from Slack (the button on the alarm message).',
      );
    const item = await alerts.repo.get(incident);
    if (!item?.value.thread) return failure(`There is no incident \`${incident}\` with a thread yet.`);
    const outcome = await alerts.postGraph(incident, item.value.thread, true);
    if (outcome === 'no-metric')
      return failure(`\`${incident}\` has no single metric to draw (composite alarm).`);
    if (outcome === 'failed') return failure('CloudWatch could not draw the graph; the thread says why.');
    return ok({ parts: [{ type: 'text', text: `📈 Graph posted in the thread of \`${incident}\`.` }] });
  },
});
