import type { Config } from '../config/schema.js';
import type { AlarmTransition } from './alarm-transition.js';

/** What the alarm is about, for people and for routing: from its tags, dimensions or name. */
export interface AlarmContext {
  environment?: string;
  service?: string;
  runbook?: string;
  tags: Record<string, string>;
}

const tag = (tags: Record<string, string>, ...names: string[]): string | undefined => {
  for (const name of names) {
    const hit = Object.entries(tags).find(([k]) => k.toLowerCase() === name.toLowerCase());
    if (hit && hit[1].trim() !== '') return hit[1].trim();
  }
  return undefined;
};

const URL_IN_TEXT = /https?:\/\/[^\s<>|"'`]+[^\s<>|"'`.,;:)]/;

export function alarmContext(t: AlarmTransition, tags: Record<string, string>, config: Config): AlarmContext {
  const all = { ...tags, ...(t.tags ?? {}) };
  let environment: string | undefined;
  let byPrefix = false;
  for (const [name, env] of Object.entries(config.environments)) {
    const wanted = env.select?.tags;
    if (wanted && Object.entries(wanted).every(([k, v]) => all[k] === v)) {
      environment = name;
      break;
    }
  }
  environment ??= tag(all, 'Environment', 'Env', 'Stage');
  if (!environment) {
    const names = Object.keys(config.environments).sort((a, b) => b.length - a.length);
    environment = names.find((n) => t.alarmName.startsWith(`${n}-`));
    byPrefix = environment !== undefined;
  }
  const dims = t.metric?.dimensions ?? {};
  let service = tag(all, 'Service', 'App', 'Application') ?? dims.ServiceName ?? dims.FunctionName;
  if (!service && byPrefix && environment) {
    const rest = t.alarmName.slice(environment.length + 1).split('-')[0];
    if (rest) service = rest;
  }
  const runbookTag = tag(all, 'Runbook', 'RunbookUrl', 'runbook_url');
  const runbook =
    (runbookTag && URL_IN_TEXT.exec(runbookTag)?.[0]) ??
    (t.description ? URL_IN_TEXT.exec(t.description)?.[0] : undefined);
  return {
    ...(environment ? { environment } : {}),
    ...(service ? { service } : {}),
    ...(runbook ? { runbook } : {}),
    tags: all,
  };
}

/**
 * The channel an alarm goes to: the first route whose every condition holds, else the default
 * channel. An alarm nothing routes is never dropped.
 */
export function routeAlarm(
  t: AlarmTransition,
  ctx: AlarmContext,
  alerts: NonNullable<Config['alerts']>,
): string {
  for (const route of alerts.routes) {
    const m = route.match;
    if (m.environment !== undefined && m.environment !== ctx.environment) continue;
    if (m.alarm_prefix !== undefined && !t.alarmName.startsWith(m.alarm_prefix)) continue;
    if (m.tags && !Object.entries(m.tags).every(([k, v]) => ctx.tags[k] === v)) continue;
    return route.channel;
  }
  return alerts.channel;
}
