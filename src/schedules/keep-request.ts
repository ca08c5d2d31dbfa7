import { formatLocalTime } from '../clock.js';
import { formatDuration, parseDuration } from '../util/duration.js';
import { echo } from '../util/echo.js';
import type { ScheduleSpec } from './schedule-spec.js';
import { localDate, nextOf } from './schedule-times.js';

/** What `keep <env> …` asked for, before it is turned into an instant. */
export type KeepRequest =
  | { kind: 'for'; ms: number }
  | { kind: 'until'; hour: number; minute: number }
  | { kind: 'until-start' };

/** The longest keep: a week. Longer is "change the schedule in the config", not an override. */
export const MAX_KEEP_MS = 7 * 86_400_000;

/** `2h`, `until 23:00`, `until start`; a message that says what to type otherwise. */
export function parseKeepRequest(
  words: string,
): { ok: true; value: KeepRequest } | { ok: false; error: string } {
  const text = words.trim().toLowerCase();
  const usage = 'Say how long: `keep dev 2h`, `keep dev until 23:00` or `keep dev until start`.';
  if (text === '') return { ok: false, error: usage };
  const until = /^until\s+(.+)$/.exec(text);
  if (until) {
    const what = until[1]!.trim();
    if (what === 'start' || what === 'next-start') return { ok: true, value: { kind: 'until-start' } };
    const hm = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(what);
    if (!hm)
      return {
        ok: false,
        error: `\`${echo(what)}\` is not a time of day. Use 24-hour HH:MM, e.g. \`until 23:00\`.`,
      };
    return { ok: true, value: { kind: 'until', hour: Number(hm[1]), minute: Number(hm[2]) } };
  }
  const ms = parseDuration(text);
  if (ms === undefined) return { ok: false, error: `\`${echo(text)}\` is not a duration. ${usage}` };
  if (ms > MAX_KEEP_MS) {
    return {
      ok: false,
      error: `${formatDuration(ms)} is longer than a keep may last (7d). To change when the environment stops for good, edit its \`schedule\` in infrabot.yml.`,
    };
  }
  return { ok: true, value: { kind: 'for', ms } };
}

/** The instant a keep lasts until, or why it can't be given one. */
export function keepUntil(
  request: KeepRequest,
  now: Date,
  spec: Pick<ScheduleSpec, 'timeZone' | 'start' | 'skipDates' | 'stop' | 'environment'> &
    Partial<ScheduleSpec>,
): { ok: true; until: Date } | { ok: false; error: string } {
  switch (request.kind) {
    case 'for':
      return { ok: true, until: new Date(now.getTime() + request.ms) };
    case 'until':
      return { ok: true, until: nextLocalTime(now, request.hour, request.minute, spec.timeZone) };
    case 'until-start': {
      const next = nextOf(spec as ScheduleSpec, 'start', now);
      if (!next) {
        return {
          ok: false,
          error: `${spec.environment} has no scheduled start to keep it until. Use a duration (\`keep ${spec.environment} 2h\`) or a time (\`until 23:00\`).`,
        };
      }
      return { ok: true, until: next };
    }
  }
}

/**
 * The next instant after `now` when the wall clock in `timeZone` shows HH:MM (today if still
 * ahead, else tomorrow). Found by stepping minutes from the UTC guess, so DST gaps resolve to the
 * first existing minute after them.
 */
export function nextLocalTime(now: Date, hour: number, minute: number, timeZone: string): Date {
  const parts = (d: Date) => {
    const f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(d);
    const get = (t: string) => Number(f.find((p) => p.type === t)?.value);
    return { hour: get('hour'), minute: get('minute') };
  };
  const start = Math.floor(now.getTime() / 60_000) * 60_000 + 60_000;
  const target = hour * 60 + minute;
  for (let t = start, i = 0; i <= 26 * 60; t += 60_000, i++) {
    const p = parts(new Date(t));
    const at = p.hour * 60 + p.minute;
    if (at === target) return new Date(t);
    // A DST gap skipped the target minute: take the first minute after it.
    const previous = parts(new Date(t - 60_000));
    const before = previous.hour * 60 + previous.minute;
    if (before < target && at > target && at - before > 1) return new Date(t);
  }
  return new Date(now.getTime() + 86_400_000);
}

/** `23:00 CET` today, `Tue 2 Dec, 09:00 CET` on another day. */
export function describeUntil(until: Date, now: Date, timeZone: string): string {
  return formatLocalTime(until, timeZone, localDate(until, timeZone) !== localDate(now, timeZone));
}
