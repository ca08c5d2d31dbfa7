import { formatLocalTime } from '../clock.js';
import type { Message } from '../commands/message.js';
import { describeUntil } from './keep-request.js';
import { localDate, nextEvent } from './schedule-times.js';
import type { ScheduleView } from './scheduler.js';

/** How many upcoming actions `schedule <env>` lists. */
const UPCOMING = 4;

/** `schedule dev`: the crons, what comes next (keep applied), the active keep, upcoming skip dates. */
export function renderScheduleView(view: ScheduleView, now: Date): Message {
  const { spec } = view;
  const env = spec.environment;
  const tz = spec.timeZone;
  const upcoming: string[] = [];
  let cursor = now;
  const until = view.override ? new Date(view.override.until) : undefined;
  for (let i = 0; i < 20 && upcoming.length < UPCOMING; i++) {
    const next = nextEvent(spec, cursor);
    if (!next) break;
    cursor = next.at;
    if (next.action === 'stop' && until && next.at <= until) {
      upcoming.push(`~stop ${formatLocalTime(next.at, tz, true)}~ postponed by the keep`);
      continue;
    }
    upcoming.push(`${next.action} ${formatLocalTime(next.at, tz, true)}`);
  }
  if (until && view.nextStop?.getTime() === until.getTime()) {
    upcoming.unshift(`stop ${formatLocalTime(until, tz, true)} (when the keep ends)`);
  }
  const skips = [...spec.skipDates].filter((d) => d >= localDate(now, tz)).sort();
  const parts: Message['parts'] = [
    {
      type: 'fields',
      fields: [
        ['Start', spec.start ? `\`${spec.start}\`` : 'none (started by hand)'],
        ['Stop', spec.stop ? `\`${spec.stop}\`` : 'none'],
        ['Time zone', tz],
        [
          'Warning',
          spec.warnBeforeMs > 0 ? `${Math.round(spec.warnBeforeMs / 60_000)} min before a stop` : 'none',
        ],
      ],
    },
    { type: 'text', text: '*Next actions*' },
    upcoming.length > 0 ? { type: 'list', items: upcoming } : { type: 'text', text: 'None scheduled.' },
  ];
  if (view.override) {
    const why = view.override.reason === 'on-demand-start' ? 'started during off-hours' : 'kept';
    parts.push({
      type: 'text',
      text: `*Override:* ${why} by ${view.override.by} until ${describeUntil(new Date(view.override.until), now, tz)}; then the schedule takes over.`,
    });
  }
  if (skips.length > 0) parts.push({ type: 'context', text: `No scheduled start on: ${skips.join(', ')}` });
  return {
    title: `${env} · schedule · wants it ${view.wants ?? 'as it is'} now`,
    parts,
    buttons: spec.stop ? [{ label: 'Keep running 2h', command: `keep ${env} 2h` }] : [],
  };
}
