import { Cron } from 'croner';
import { formatLocalTime } from '../clock.js';
import type { Services } from '../commands/context.js';
import type { Button, MessagePart } from '../commands/message.js';
import type { EnvironmentStatus } from '../environments/environment-service.js';
import { STOPPED_BOUNDS, sameBounds, serviceKey } from '../environments/model.js';
import { describeUntil } from './keep-request.js';
import { type Savings, SavingsLedger, savingsIn } from './savings-ledger.js';
import { scheduleOf } from './schedule-spec.js';
import { scheduleView } from './schedule-view.js';

/** Monday 00:00 of the week containing `now`, in the time zone. */
export function weekStart(now: Date, timeZone: string): Date {
  const [previous] = new Cron('0 0 * * 1', { timezone: timeZone, paused: true }).previousRuns(1, now);
  return previous ?? new Date(now.getTime() - 7 * 86_400_000);
}

export function formatSavings(s: Savings): string {
  const unpriced = s.unpriced.length > 0 ? ` (not counted, no price: ${s.unpriced.join(', ')})` : '';
  return `${Math.round(s.hoursOff)} h off · saved ≈ $${s.usd.toFixed(2)}${unpriced}`;
}

export async function weekSavings(
  services: Pick<Services, 'store'>,
  environment: string,
  now: Date,
  timeZone: string,
): Promise<Savings> {
  const entries = await new SavingsLedger(services.store).entries(environment);
  return savingsIn(entries, weekStart(now, timeZone), now);
}

/**
 * What `status <env>` adds from the schedule side: the next action and any keep, this week's hours
 * off and savings, and counts or autoscaling bounds changed outside infrabot while it was stopped
 * (with the value `start` will restore, so a Terraform apply that reset them is visible).
 */
export async function scheduleStatusParts(
  services: Pick<Services, 'config' | 'store' | 'clock' | 'logger'>,
  status: EnvironmentStatus,
  now: Date,
): Promise<{ parts: MessagePart[]; buttons: Button[] }> {
  const parts: MessagePart[] = [];
  const buttons: Button[] = [];
  const env = status.name;
  const spec = scheduleOf(services.config, env);
  const tz = spec?.timeZone ?? status.timeZone;
  if (spec) {
    const view = await scheduleView(services, spec, now);
    const next = [
      ...(view.nextStop ? [`next stop ${formatLocalTime(view.nextStop, tz, true)}`] : []),
      ...(view.nextStart ? [`next start ${formatLocalTime(view.nextStart, tz, true)}`] : []),
    ];
    const keep = view.override
      ? ` · kept until ${describeUntil(new Date(view.override.until), now, tz)} by ${view.override.by}`
      : '';
    parts.push({ type: 'context', text: `Schedule: ${next.join(' · ') || 'nothing scheduled'}${keep}` });
    if (spec.stop) buttons.push({ label: 'Keep running 2h', command: `keep ${env} 2h` });
  }
  const savings = await weekSavings(services, env, now, tz);
  if (savings.hoursOff > 0) parts.push({ type: 'context', text: `This week: ${formatSavings(savings)}` });
  const drift: string[] = [];
  if (status.record?.operation === 'stop') {
    for (const svc of status.inventory?.services ?? []) {
      const saved = status.savedServices.get(serviceKey(svc.cluster, svc.service));
      if (!saved) continue;
      const changes: string[] = [];
      if (svc.desired > 0) changes.push(`desired count 0 → ${svc.desired}`);
      if (svc.autoscaling && !sameBounds(svc.autoscaling, STOPPED_BOUNDS)) {
        changes.push(`autoscaling ${svc.autoscaling.min}–${svc.autoscaling.max}`);
      }
      if (changes.length === 0) continue;
      const restores = saved.autoscaling
        ? `${saved.desiredCount} (autoscaling ${saved.autoscaling.min}–${saved.autoscaling.max})`
        : String(saved.desiredCount);
      drift.push(
        `ecs ${svc.cluster}/${svc.service}: ${changes.join(', ')}; \`start ${env}\` restores ${restores}`,
      );
    }
  }
  if (drift.length > 0) {
    parts.push({
      type: 'text',
      text: '*Changed outside infrabot while stopped* (a Terraform apply or the console):',
    });
    parts.push({ type: 'list', items: drift });
  }
  return { parts, buttons };
}
