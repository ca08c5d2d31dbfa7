/** Time as a port, so schedules, TTLs and leases are testable without waiting. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Formats a time for people in the team's time zone: `Wed 21:00 JST`. */
export function formatLocalTime(date: Date, timeZone: string, withDay = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    ...(withDay ? { weekday: 'short', day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(date);
}
