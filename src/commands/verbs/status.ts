import { renderOverview, renderStatus } from '../../environments/render-status.js';
import { scheduleStatusParts } from '../../schedules/status-extras.js';
import { failure, ok } from '../result.js';
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
    if (env === undefined) return ok(renderOverview(await environments.overview(), now));
    const status = await environments.status(env);
    const message = renderStatus(status, now);
    const extras = await scheduleStatusParts(ctx.services, status, now);
    return ok({
      ...message,
      parts: [...message.parts, ...extras.parts],
      buttons: [...(message.buttons ?? []), ...extras.buttons],
    });
  },
});
