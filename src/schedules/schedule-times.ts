import { Cron } from 'croner';
import type { ScheduleSpec } from './schedule-spec.js';

export type ScheduledAction = 'start' | 'stop';

/** One firing of a schedule: the action and the instant it is due. */
export interface ScheduleEvent {
  action: ScheduledAction;
  at: Date;
}

/** How far back `lastEvent` looks: a weekly schedule always has an event within 8 days. */
const LOOKBACK_MS = 8 * 86_400_000;
/** Skip dates can chain (a holiday week); stop looking after this many skipped occurrences. */
const MAX_SKIPS = 400;

/** The calendar day of an instant in a time zone, as `YYYY-MM-DD`. */
export function localDate(at: Date, timeZone: string): string {
  // en-CA formats dates as ISO (2026-03-29).
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

function cronOf(pattern: string, timeZone: string): Cron {
  // croner evaluates the pattern in the zone, so 09:00 stays 09:00 local across DST changes.
  return new Cron(pattern, { timezone: timeZone, paused: true });
}

function skipped(spec: ScheduleSpec, event: ScheduleEvent): boolean {
  return event.action === 'start' && spec.skipDates.has(localDate(event.at, spec.timeZone));
}

/** The next occurrence of one action strictly after `after`, skip dates applied. */
export function nextOf(spec: ScheduleSpec, action: ScheduledAction, after: Date): Date | undefined {
  const pattern = action === 'start' ? spec.start : spec.stop;
  if (!pattern) return undefined;
  const cron = cronOf(pattern, spec.timeZone);
  let from = after;
  for (let i = 0; i < MAX_SKIPS; i++) {
    const next = cron.nextRun(from);
    if (!next) return undefined;
    if (!skipped(spec, { action, at: next })) return next;
    from = next;
  }
  return undefined;
}

/** The next event of either kind strictly after `after`. */
export function nextEvent(spec: ScheduleSpec, after: Date): ScheduleEvent | undefined {
  const start = nextOf(spec, 'start', after);
  const stop = nextOf(spec, 'stop', after);
  if (start && (!stop || start < stop)) return { action: 'start', at: start };
  if (stop) return { action: 'stop', at: stop };
  return undefined;
}

/**
 * The latest event at or before `at` (within 8 days): what the schedule wants now. A stop and a
 * start at the same minute resolve to the stop (the cheaper mistake).
 */
export function lastEvent(spec: ScheduleSpec, at: Date): ScheduleEvent | undefined {
  let cursor = new Date(at.getTime() - LOOKBACK_MS);
  let last: ScheduleEvent | undefined;
  for (;;) {
    const next = nextEvent(spec, cursor);
    if (!next || next.at > at) return last;
    const sameMinuteStop =
      next.action === 'start' ? nextOf(spec, 'stop', new Date(next.at.getTime() - 1)) : undefined;
    last =
      sameMinuteStop && sameMinuteStop.getTime() === next.at.getTime()
        ? { action: 'stop', at: next.at }
        : next;
    cursor = next.at;
  }
}

/** Stable id of an event, for the once-only marks in the store. */
export function eventId(event: ScheduleEvent): string {
  return `${event.action}@${event.at.toISOString()}`;
}
