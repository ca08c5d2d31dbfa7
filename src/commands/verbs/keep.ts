import { formatLocalTime } from '../../clock.js';
import { EnvironmentMemory } from '../../environments/environment-memory.js';
import {
  describeUntil,
  type KeepRequest,
  keepUntil,
  parseKeepRequest,
} from '../../schedules/keep-request.js';
import { scheduleOf } from '../../schedules/schedule-spec.js';
import { ScheduleState } from '../../schedules/schedule-state.js';
import { scheduleView } from '../../schedules/schedule-view.js';
import { actorLabel } from '../context.js';
import { failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';
import { environmentParam } from './environment-param.js';

export const keepVerb = defineVerb<{ env: string; request: KeepRequest }>({
  name: 'keep',
  summary: 'Keep an environment running: postpone its next scheduled stop (then the schedule takes over)',
  details:
    '`keep dev 2h` or `keep dev until 23:00` (the time in the schedule’s time zone, today or else tomorrow), or `keep dev until start` (until the next scheduled start). It postpones stops only; the override ends by itself. A new keep replaces the previous one.',
  args: [
    { name: 'env', description: 'the environment to keep running', required: true },
    {
      name: 'duration',
      description: 'how long: 2h, 1h30m, until 23:00 or until start',
      required: true,
      variadic: true,
    },
  ],
  role: 'operator',
  mutates: true,
  environmentArg: 'env',
  examples: ['keep dev 2h', 'keep dev until 23:00', 'keep dev until start'],
  params: ({ args }, { services }) => {
    const env = environmentParam(args.env ?? '', services.config);
    if (!env.ok) return env;
    const request = parseKeepRequest(args.duration ?? '');
    return request.ok ? { ok: true, value: { env: env.value, request: request.value } } : request;
  },
  async handle({ env, request }, ctx) {
    const { services } = ctx;
    const spec = scheduleOf(services.config, env);
    // The words were right (not a usage error, exit 1 not 2): the environment has nothing to postpone.
    if (!spec?.stop) {
      return failure(
        `${env} has no scheduled stop, so there is nothing to postpone: it runs until someone stops it. Schedules live under \`environments.${env}.schedule\` in infrabot.yml.`,
      );
    }
    const now = services.clock.now();
    const until = keepUntil(request, now, spec);
    if (!until.ok) return failure(until.error);
    const state = new ScheduleState(services.store);
    const by = actorLabel(ctx.actor);
    await state.setOverride(env, {
      until: until.until.toISOString(),
      reason: 'keep',
      by,
      setAt: now.toISOString(),
    });
    const [view, record] = await Promise.all([
      scheduleView(services, spec, now),
      new EnvironmentMemory(services.store).record(env).catch(() => undefined),
    ]);
    const when = describeUntil(until.until, now, spec.timeZone);
    // infrabot's own record says the environment is stopped: don't say "kept running".
    const stopped = record?.operation === 'stop' && record.outcome === 'done';
    const next = view.nextStop
      ? `Next stop: ${formatLocalTime(view.nextStop, spec.timeZone, true)}.`
      : 'No stop is scheduled after it.';
    const result = ok(
      {
        title: stopped
          ? `${env} is stopped: its next scheduled stop is postponed until ${when}`
          : `${env} kept running until ${when}`,
        tone: stopped ? 'info' : 'success',
        parts: [
          {
            type: 'text',
            text: `${by} postponed the scheduled stop of *${env}* until ${when}; then the schedule takes over again. ${next}`,
          },
          ...(stopped ||
          view.wants === 'stopped' ||
          (view.override === undefined && view.due?.action === 'stop')
            ? [
                {
                  type: 'context' as const,
                  text: `The schedule has ${env} off right now: if it is stopped, \`start ${env}\` starts it.`,
                },
              ]
            : []),
        ],
      },
      'channel',
    );
    return { ...result, auditDetail: `kept until ${when}` };
  },
});
