import type { AuditEntry } from '../audit/audit-log.js';
import { auditLine } from '../commands/render/render-audit-entry.js';
import type { Publisher } from '../ports/publisher.js';

/** Posts each audit entry to the audit channel as one short line, through the Publisher. */
export function auditChannelNotifier(publisher: Publisher, channel: string) {
  return async (entry: AuditEntry): Promise<void> => {
    await publisher.post(channel, { parts: [{ type: 'text', text: auditLine(entry) }] });
  };
}
