import { Cron } from 'croner';
import { formatLocalTime } from '../clock.js';
import type { Message } from '../commands/message.js';
import type { Config } from '../config/schema.js';
import type { Store } from '../store/store.js';
import { SavingsLedger, savingsIn } from './savings-ledger.js';
import { allSchedules } from './schedule-spec.js';
import { formatSavings } from './status-extras.js';

/** A digest more than this late (the bot was down at the time) is skipped, not posted stale. */
const DIGEST_GRACE_MS = 3_600_000;

/** The digest due now, if any: the latest firing of `savings.digest_cron` within the grace period. */
export function dueDigest(config: Config, now: Date): Date | undefined {
  if (!config.savings.digest_channel) return undefined;
  const [last] = new Cron(config.savings.digest_cron, {
    timezone: config.timezone,
    paused: true,
  }).previousRuns(1, now);
  if (!last || now.getTime() - last.getTime() > DIGEST_GRACE_MS) return undefined;
  return last;
}

/** The week before `at`, per scheduled environment: hours off and savings, with a total. */
export async function weeklyDigest(config: Config, store: Store, at: Date): Promise<Message> {
  const from = new Date(at.getTime() - 7 * 86_400_000);
  const ledger = new SavingsLedger(store);
  const lines: string[] = [];
  let total = 0;
  for (const spec of allSchedules(config)) {
    const savings = savingsIn(await ledger.entries(spec.environment), from, at);
    total += savings.usd;
    lines.push(`*${spec.environment}*: ${formatSavings(savings)}`);
  }
  return {
    title: `Savings from schedules · week to ${formatLocalTime(at, config.timezone, true)} · ≈ $${total.toFixed(2)}`,
    tone: 'info',
    parts: [
      lines.length > 0
        ? { type: 'list', items: lines }
        : { type: 'text', text: 'No environment has a schedule.' },
      {
        type: 'context',
        text: 'Hours each resource was actually off (from infrabot’s history of stops and starts) × list prices (src/schedules/prices.ts, overridable under `savings.prices`).',
      },
    ],
  };
}
