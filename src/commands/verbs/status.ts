import { scheduleStatusParts } from '../../schedules/status-extras.js';
import { notRead, renderOverview, renderStatus } from '../render/render-status.js';
import { type CommandResult, failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';

export const statusVerb = defineVerb<{ env?: string }>({
  name: 'status',
  summary: 'Show whether environments are running or stopped, resource by resource',
  args: [
    {
      name: 'env',
      description: 'one environment in detail (default: a line per environment)',
      required: false,
    },
  ],
  role: 'viewer',
  mutates: false,
  examples: ['status', 'status dev'],
  params: ({ args }, { services }) => {
    if (args.env === undefined) return { ok: true, value: {} };
    const env = environmentParam(args.env, services.config);
    return env.ok ? { ok: true, value: { env: env.value } } : env;
  },
  async handle({ env }, ctx) {
    const environments = ctx.services.environments;
    if (!environments)
      return failure(
        'infrabot has no AWS access configured, so it cannot read environments. Run `infrabot doctor`.',
      );
    const now = ctx.services.clock.now();
    if (env === undefined) {
      const entries = await environments.overview();
      const message = renderOverview(entries, now);
      // One environment that could not be read makes the answer incomplete: not a success.
      const unread = entries.some((e) => 'failure' in e || notRead(e));
      return unread ? unreadable(message) : ok(message);
    }
    const status = await environments.status(env);
    const rendered = renderStatus(status, now);
    const extras = await scheduleStatusParts(ctx.services, status, now);
    const message = {
      ...rendered,
      parts: [...rendered.parts, ...extras.parts],
      buttons: [...(rendered.buttons ?? []), ...extras.buttons],
    };
    return notRead(status) ? unreadable(message) : ok(message);
  },
});

function unreadable(message: CommandResult['message']): CommandResult {
  return { outcome: 'error', message, visibility: 'private', auditDetail: message.title ?? 'could not read' };
}
