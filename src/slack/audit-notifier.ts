import type { AuditEntry } from '../audit/audit-log.js';
import type { Publisher } from '../ports/publisher.js';

const MARK = { ok: '✓', error: '✗', denied: '🚫', started: '▶' } as const;

/** Posts each audit entry to the audit channel as one short line, through the Publisher. */
export function auditChannelNotifier(publisher: Publisher, channel: string) {
  return async (entry: AuditEntry): Promise<void> => {
    const who = entry.actor.kind === 'slack' ? `<@${entry.actor.id}>` : entry.actor.id;
    const where = entry.channelId ? ` in <#${entry.channelId}>` : ` via ${entry.frontDoor}`;
    const detail = entry.detail ? ` — ${entry.detail.slice(0, 300)}` : '';
    await publisher.post(channel, {
      parts: [{ type: 'text', text: `${MARK[entry.outcome]} ${who}${where}: \`${entry.command}\`${detail}` }],
    });
  };
}
