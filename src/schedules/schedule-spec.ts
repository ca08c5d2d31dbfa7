import type { Config } from '../config/schema.js';
import { parseDuration } from '../util/duration.js';

/** One environment's schedule, resolved from the config: what the evaluation needs and nothing else. */
export interface ScheduleSpec {
  environment: string;
  start?: string;
  stop?: string;
  /** IANA zone the cron expressions and skip dates are read in. */
  timeZone: string;
  /** `YYYY-MM-DD` days without a scheduled start. */
  skipDates: ReadonlySet<string>;
  warnBeforeMs: number;
  onDemandKeepMs: number;
}

/** The schedule of an environment, or undefined when it has none (or is protected: never changed). */
export function scheduleOf(config: Config, environment: string): ScheduleSpec | undefined {
  const env = config.environments[environment];
  const schedule = env?.schedule;
  if (!env || !schedule || env.protected) return undefined;
  return {
    environment,
    ...(schedule.start ? { start: schedule.start } : {}),
    ...(schedule.stop ? { stop: schedule.stop } : {}),
    timeZone: schedule.timezone ?? config.timezone,
    skipDates: new Set(schedule.skip_dates),
    warnBeforeMs: parseDuration(schedule.warn_before) ?? 15 * 60_000,
    onDemandKeepMs: parseDuration(schedule.on_demand_keep) ?? 2 * 3_600_000,
  };
}

/** Every scheduled environment of the config. */
export function allSchedules(config: Config): ScheduleSpec[] {
  return Object.keys(config.environments)
    .map((name) => scheduleOf(config, name))
    .filter((s): s is ScheduleSpec => s !== undefined);
}

/** Where infrabot speaks about an environment: its own channel, else the audit channel. */
export function channelOf(config: Config, environment: string): string | undefined {
  return config.environments[environment]?.channel ?? config.access.audit_channel;
}
