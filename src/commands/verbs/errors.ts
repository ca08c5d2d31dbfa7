import { parseDuration } from '../../util/duration.js';
import { echo } from '../../util/echo.js';
import { errorsSucceeded, renderErrors } from '../render/render-errors.js';
import { failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';
import { NO_INCIDENT_CONTEXT, serviceParam } from './service-param.js';

/** Logs Insights bills by bytes scanned: the window is bounded. */
const MAX_WINDOW_MS = 24 * 3_600_000;

export const errorsVerb = defineVerb<{ env: string; service: string; sinceMs?: number }>({
  name: 'errors',
  summary: "Top error messages of a service's logs (CloudWatch Logs Insights), with counts",
  details:
    "Searches the service's awslogs log group for error, exception, fatal, panic… over the last 30 minutes (or --since), shows the 10 most frequent messages with counts, redacted, and links the full query in the console.",
  args: [
    { name: 'env', description: 'the environment', required: true },
    { name: 'service', description: 'the ECS service (or cluster/service)', required: true },
  ],
  flags: [
    { name: 'since', description: 'how far back to look (default 30m, at most 24h)', value: 'duration' },
  ],
  role: 'viewer',
  mutates: false,
  environmentArg: 'env',
  examples: ['errors dev api', 'errors dev api --since 2h'],
  params: ({ args, flags }, { services }) => {
    const env = environmentParam(args.env ?? '', services.config);
    if (!env.ok) return env;
    const service = serviceParam(args.service);
    if (!service.ok) return service;
    const since = flags.since;
    if (since === undefined) return { ok: true, value: { env: env.value, service: service.value } };
    const ms = typeof since === 'string' ? parseDuration(since) : undefined;
    if (ms === undefined || ms > MAX_WINDOW_MS) {
      return {
        ok: false,
        error: `\`${echo(String(since), 20)}\` is not a window: give a duration up to 24h, e.g. 30m, 2h.`,
      };
    }
    return { ok: true, value: { env: env.value, service: service.value, sinceMs: ms } };
  },
  async handle({ env, service, sinceMs }, ctx) {
    const incidents = ctx.services.incidents;
    if (!incidents) return failure(NO_INCIDENT_CONTEXT);
    const now = ctx.services.clock.now();
    const result = await incidents.recentErrors(env, service, {
      ...(sinceMs ? { since: new Date(now.getTime() - sinceMs) } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const config = ctx.services.config;
    const message = renderErrors(result, config.environments[env]?.schedule?.timezone ?? config.timezone);
    if (!errorsSucceeded(result)) {
      return { outcome: 'error', message, visibility: 'private', auditDetail: message.title ?? result.kind };
    }
    // In an alert thread (its button) everyone sees it; a typed command answers the asker only.
    return ok(message, ctx.thread ? 'channel' : 'private');
  },
});
