import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { decodeItems } from '../store/decode-items.js';
import type { Store } from '../store/store.js';
import { auditEntrySchema } from './audit-entry-schema.js';

/** One line of the trail: who did what, where, when, and how it ended. */
export interface AuditEntry {
  id: string;
  /** ISO timestamp. */
  at: string;
  actor: { id: string; name?: string; kind: 'slack' | 'terminal' | 'schedule' | 'system' };
  /** Exact words of the command, as asked (without the `--yes` a confirmation adds). */
  command: string;
  /** How a confirmed action was confirmed: answered when asked (button, prompt), or `--yes` typed. */
  confirmation?: 'asked' | 'flag';
  verb: string;
  environment?: string;
  channelId?: string;
  frontDoor: 'slack' | 'terminal' | 'schedule' | 'system';
  /** `started` only in entries written before 0.2 (now one entry per action, when it ends). */
  outcome: 'ok' | 'error' | 'denied' | 'started';
  detail?: string;
}

export type AuditInput = Omit<AuditEntry, 'id' | 'at'>;

const PARTITION = 'audit';

/**
 * The audit trail: stored (so `audit` can list it), logged as one structured line (so it reaches
 * CloudWatch Logs even if the store is down), and optionally posted to an audit channel.
 */
export class AuditLog {
  /** Orders entries written in the same millisecond by this process (the id is random). */
  private sequence = 0;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly options: { retentionDays?: number; notify?: (entry: AuditEntry) => Promise<void> } = {},
  ) {}

  async record(input: AuditInput): Promise<AuditEntry> {
    const at = this.clock.now().toISOString();
    const entry: AuditEntry = { id: randomUUID(), at, ...input };
    // Log first: if the store write fails, the trail still exists in the logs.
    this.logger.info({ audit: entry }, 'audit');
    const retentionMs = (this.options.retentionDays ?? 400) * 86_400_000;
    try {
      this.sequence = (this.sequence + 1) % 1_000_000;
      const seq = this.sequence.toString().padStart(6, '0');
      await this.store.put({ pk: PARTITION, sk: `${at}#${seq}#${entry.id}` }, entry, { ttlMs: retentionMs });
    } catch (error) {
      this.logger.error(
        { err: error, auditId: entry.id },
        'could not store audit entry (it is in this log line)',
      );
    }
    if (this.options.notify) {
      // Posting to the audit channel is paced by Slack (≈ 1 message/s per channel): never make
      // the person who ran the command wait for it.
      this.options.notify(entry).catch((error: unknown) => {
        this.logger.warn(
          { err: error, auditId: entry.id },
          'could not post audit entry to the audit channel',
        );
      });
    }
    return entry;
  }

  /** The newest `limit` entries, newest first (entries that cannot be read are skipped, logged). */
  async recent(limit: number): Promise<AuditEntry[]> {
    return (await this.read(limit)).entries;
  }

  /** The newest `limit` stored entries, newest first, and how many of them could not be read. */
  async read(limit: number): Promise<{ entries: AuditEntry[]; unreadable: number }> {
    const items = await this.store.query(PARTITION, { descending: true, limit });
    const decoded = decodeItems(items, auditEntrySchema, 'audit entry', this.logger);
    return { entries: decoded.items.map((i) => i.value), unreadable: decoded.unreadable.length };
  }
}
