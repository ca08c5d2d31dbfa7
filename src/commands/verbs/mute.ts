import { formatLocalTime } from '../../clock.js';
import { formatDuration, parseDuration } from '../../util/duration.js';
import { echo } from '../../util/echo.js';
import { actorId } from '../context.js';
import { failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';
import { INCIDENT_ARG, incidentParam, NO_ALERTS } from './incident-param.js';

const MAX_MUTE_MS = 7 * 24 * 3_600_000;

export const muteVerb = defineVerb<{ incident: string; forMs: number | 'until-ok' }>({
  name: 'mute',
  summary: 'Stop posts for an alarm incident for a while or until it is OK (changes are still recorded)',
  args: [
    INCIDENT_ARG,
    { name: 'duration', description: 'how long (e.g. 1h, 30m) or until-ok', required: true },
  ],
  role: 'operator',
  mutates: true,
  examples: ['mute inc-7k2m9q 1h', 'mute inc-7k2m9q until-ok'],
  params: ({ args }) => {
    const id = incidentParam(args.incident);
    if (!id.ok) return id;
    const raw = (args.duration ?? '').trim().toLowerCase();
    if (raw === 'until-ok' || raw === 'untilok')
      return { ok: true, value: { incident: id.value, forMs: 'until-ok' } };
    const ms = parseDuration(raw);
    if (ms === undefined)
      return {
        ok: false,
        error: `\`${echo(args.duration ?? '')}\` is not a duration. Use e.g. \`1h\`, \`30m\` or \`until-ok\`.`,
      };
    if (ms > MAX_MUTE_MS)
      return { ok: false, error: 'A mute lasts at most 7d; use `until-ok` to mute until the alarm clears.' };
    return { ok: true, value: { incident: id.value, forMs: ms } };
  },
  async handle({ incident, forMs }, ctx) {
    const alerts = ctx.services.alerts;
    if (!alerts) return failure(NO_ALERTS);
    const who = ctx.actor.kind === 'slack' ? ctx.actor.userId : actorId(ctx.actor);
    const muted = await alerts.mute(incident, who, forMs);
    if (!muted)
      return failure(`There is no incident \`${incident}\`. \`/infra alarms\` lists the open ones.`);
    const until =
      forMs === 'until-ok'
        ? 'until it is OK'
        : `for ${formatDuration(forMs)} (until ${formatLocalTime(new Date(muted.mute?.until ?? Date.now()), ctx.services.config.timezone)})`;
    return {
      ...ok({
        parts: [
          {
            type: 'text',
            text: `🔕 Muted \`${incident}\` ${until}. Its state changes are still recorded and shown on the parent.`,
          },
        ],
      }),
      auditDetail: `muted ${incident} ${forMs === 'until-ok' ? 'until OK' : formatDuration(forMs)}`,
    };
  },
});
