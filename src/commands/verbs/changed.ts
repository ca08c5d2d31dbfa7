import { renderWhatChanged } from '../render/render-what-changed.js';
import { failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';
import { NO_INCIDENT_CONTEXT } from './service-param.js';

export const changedVerb = defineVerb<{ env: string }>({
  name: 'changed',
  summary:
    'What changed in an environment: ECS deployments (last hour), merged infra PRs and stops/starts (last day)',
  details:
    'The first question of an incident. Each deployment names its task definition revision and image tag; a source infrabot could not read is listed as such, never taken for "nothing changed".',
  args: [{ name: 'env', description: 'the environment', required: true }],
  role: 'viewer',
  mutates: false,
  environmentArg: 'env',
  examples: ['changed dev'],
  params: ({ args }, { services }) => {
    const env = environmentParam(args.env ?? '', services.config);
    return env.ok ? { ok: true, value: { env: env.value } } : env;
  },
  async handle({ env }, ctx) {
    const incidents = ctx.services.incidents;
    if (!incidents) return failure(NO_INCIDENT_CONTEXT);
    const changes = await incidents.whatChanged(env);
    const config = ctx.services.config;
    const message = renderWhatChanged(
      changes,
      config.environments[env]?.schedule?.timezone ?? config.timezone,
    );
    // Not everything read: the reply says what is missing, and the command fails (exit non-zero).
    // A source this build cannot read (not-available) is said so and is no failure.
    const unread = changes.sources.some((s) => s.state === 'unreadable' || s.state === 'partial');
    if (unread)
      return {
        outcome: 'error',
        message,
        visibility: 'private',
        auditDetail: message.title ?? 'could not read',
      };
    return ok(message);
  },
});
