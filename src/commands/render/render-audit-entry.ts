import type { AuditEntry } from '../../audit/audit-log.js';
import { formatLocalTime } from '../../clock.js';

const MARK = { ok: '✓', error: '✗', denied: '🚫', started: '…' } as const;

/** Slack's section text limit is 3,000 characters: a detail never pushes a line past it. */
const MAX_DETAIL = 2_000;

/**
 * One audit entry as one line, for `audit` and the audit channel: who, where, the words asked,
 * how it was confirmed, and how it ended — a denial with its whole reason.
 */
export function auditLine(entry: AuditEntry, timeZone?: string): string {
  const when = timeZone ? `${formatLocalTime(new Date(entry.at), timeZone, true)} ` : '';
  const who =
    entry.actor.kind === 'slack'
      ? `<@${entry.actor.id}>`
      : entry.actor.kind === 'schedule'
        ? 'the schedule'
        : entry.actor.id;
  // "the schedule via schedule" says one thing twice.
  const where = entry.channelId
    ? ` in <#${entry.channelId}>`
    : entry.frontDoor === entry.actor.kind
      ? ''
      : ` via ${entry.frontDoor}`;
  // A typed --yes is already in the words shown.
  const confirmed =
    entry.confirmation === 'asked'
      ? ' (confirmed)'
      : entry.confirmation === 'flag' && !/(^|\s)--yes(\s|$)/.test(entry.command)
        ? ' (--yes)'
        : '';
  const detail = entry.detail
    ? ` — ${entry.detail.length > MAX_DETAIL ? `${entry.detail.slice(0, MAX_DETAIL)}…` : entry.detail}`
    : '';
  return `${MARK[entry.outcome]} ${when}${who}${where}: \`${entry.command}\`${confirmed}${detail}`;
}
