import { roleAtLeast } from '../access/roles.js';
import { formatLocalTime } from '../clock.js';
import type { Services } from '../commands/context.js';
import type { Button, Message } from '../commands/message.js';
import { actorText } from '../commands/render/render-actor.js';
import { EnvironmentMemory } from '../environments/environment-memory.js';
import { describeUntil } from './keep-request.js';
import { scheduleOf } from './schedule-spec.js';
import { scheduleView } from './schedule-view.js';
import { formatSavings, weekSavings } from './status-extras.js';

/** App Home keeps to 100 blocks; one environment takes about four. */
const MAX_ENVIRONMENTS = 15;

/**
 * One App Home section per environment, from infrabot's own state only (no AWS call: the Home is
 * opened often and must not cost API calls or claim a live state it did not read): the last stop
 * or start and how it ended, a stop/start running now, the next scheduled action, an active keep,
 * this week's savings, and the buttons the viewer's role allows.
 */
export async function homeEnvironments(services: Services, userId: string): Promise<Message[]> {
  const role = await services.access.roleOf({ kind: 'slack', userId });
  const mayOperate = role !== undefined && roleAtLeast(role, 'operator');
  const memory = new EnvironmentMemory(services.store);
  const now = services.clock.now();
  const names = Object.keys(services.config.environments).slice(0, MAX_ENVIRONMENTS);
  return Promise.all(
    names.map(async (name): Promise<Message> => {
      const env = services.config.environments[name]!;
      const spec = scheduleOf(services.config, name);
      const tz = spec?.timeZone ?? env.schedule?.timezone ?? services.config.timezone;
      const [record, operation, view, savings] = await Promise.all([
        memory.record(name),
        memory.operation(name),
        spec ? scheduleView(services, spec, now) : Promise.resolve(undefined),
        weekSavings(services, name, now, tz),
      ]);
      const last = record
        ? `${record.operation === 'stop' ? 'stopped' : 'started'}${record.outcome === 'done' ? '' : ` (${record.outcome})`} ${formatLocalTime(new Date(record.at), tz, true)} by ${actorText(record.by)}`
        : 'not stopped or started by infrabot yet';
      const fields: Array<[string, string]> = [];
      if (operation) {
        fields.push([
          'Running now',
          `${operation.operation} by ${actorText(operation.by)} since ${formatLocalTime(new Date(operation.startedAt), tz)}`,
        ]);
      }
      if (view) {
        const next =
          view.nextStop && (!view.nextStart || view.nextStop < view.nextStart)
            ? `stop ${formatLocalTime(view.nextStop, tz, true)}`
            : view.nextStart
              ? `start ${formatLocalTime(view.nextStart, tz, true)}`
              : 'none';
        fields.push(['Next', next]);
        if (view.override) {
          fields.push([
            'Kept',
            `until ${describeUntil(new Date(view.override.until), now, tz)} by ${view.override.by}`,
          ]);
        }
      }
      if (savings.hoursOff > 0) fields.push(['This week', formatSavings(savings)]);
      const buttons: Button[] =
        mayOperate && !env.protected
          ? [
              { label: 'Start', command: `start ${name}`, style: 'primary' },
              { label: 'Stop', command: `stop ${name}`, style: 'danger' },
              ...(spec?.stop ? [{ label: 'Keep 2h', command: `keep ${name} 2h` }] : []),
            ]
          : [];
      return {
        title: `${name}${env.protected ? ' (protected)' : ''} · ${last}`,
        parts: fields.length > 0 ? [{ type: 'fields', fields }] : [{ type: 'context', text: 'No schedule.' }],
        ...(buttons.length > 0 ? { buttons } : {}),
      };
    }),
  );
}
