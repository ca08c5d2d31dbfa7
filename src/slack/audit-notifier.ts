import type { WebClient } from '@slack/web-api';
import type { AuditEntry } from '../audit/audit-log.js';
import { ChannelPacer } from './channel-pacer.js';

const MARK = { ok: '✓', error: '✗', denied: '🚫', started: '▶' } as const;

/** Posts each audit entry to the audit channel as one short line. */
export function auditChannelNotifier(
  client: WebClient,
  channel: string,
  pacer: ChannelPacer = new ChannelPacer(),
) {
  return async (entry: AuditEntry): Promise<void> => {
    const who = entry.actor.kind === 'slack' ? `<@${entry.actor.id}>` : entry.actor.id;
    const where = entry.channelId ? ` in <#${entry.channelId}>` : ` via ${entry.frontDoor}`;
    const detail = entry.detail ? ` — ${entry.detail.slice(0, 300)}` : '';
    await pacer.schedule(channel, () =>
      client.chat.postMessage({
        channel,
        text: `${MARK[entry.outcome]} ${who}${where}: \`${entry.command}\`${detail}`,
        unfurl_links: false,
      }),
    );
  };
}
