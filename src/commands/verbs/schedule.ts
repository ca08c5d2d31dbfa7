import { renderScheduleView } from '../../schedules/render-schedule.js';
import { scheduleOf } from '../../schedules/schedule-spec.js';
import { scheduleView } from '../../schedules/schedule-view.js';
import { failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';

export const scheduleVerb = defineVerb<{ env: string }>({
  name: 'schedule',
  summary: 'Show an environment’s schedule: next stop and start, active keep, skipped days',
  details: 'Schedules are edited in infrabot.yml (`environments.<env>.schedule`); `keep` postpones a stop.',
  args: [{ name: 'env', description: 'the environment', required: true }],
  role: 'viewer',
  mutates: false,
  environmentArg: 'env',
  examples: ['schedule dev'],
  params: ({ args }, { services }) => {
    const env = environmentParam(args.env ?? '', services.config);
    return env.ok ? { ok: true, value: { env: env.value } } : env;
  },
  async handle({ env }, ctx) {
    const { services } = ctx;
    const config = services.config.environments[env];
    const spec = scheduleOf(services.config, env);
    if (!spec) {
      return failure(
        config?.protected
          ? `${env} is protected: infrabot never stops or starts it, so it has no schedule.`
          : `${env} has no schedule: it runs until someone stops it. Add \`schedule: { start: "0 9 * * 1-5", stop: "0 21 * * 1-5" }\` under \`environments.${env}\` in infrabot.yml.`,
      );
    }
    const now = services.clock.now();
    return ok(renderScheduleView(await scheduleView(services, spec, now), now));
  },
});
