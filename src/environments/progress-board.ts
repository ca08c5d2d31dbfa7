import type { Message, MessagePart, Tone } from '../commands/message.js';

/** Where one resource is in a stop or start. */
export type RowState = 'pending' | 'working' | 'done' | 'unchanged' | 'skipped' | 'failed' | 'warning';

const MARK: Record<RowState, string> = {
  pending: '⏳',
  working: '🔄',
  done: '✅',
  unchanged: '▫️',
  skipped: '⏭️',
  failed: '❌',
  warning: '⚠️',
};

export interface Row {
  label: string;
  state: RowState;
  text: string;
  /** Part of the plan's changes (as opposed to unchanged/skipped/unreadable resources). */
  change: boolean;
}

/** Rows shown at most; a 200-service environment still fits one Slack message. */
const MAX_ROWS = 80;

/** The per-resource lines of one progress message, updated as each resource moves. */
export class ProgressBoard {
  private readonly rows = new Map<string, Row>();

  add(label: string, state: RowState, text: string, change = false): void {
    this.rows.set(label, { label, state, text, change });
  }

  set(label: string, state: RowState, text: string): void {
    const row = this.rows.get(label);
    if (row) {
      row.state = state;
      row.text = text;
    } else this.add(label, state, text, true);
  }

  get(label: string): Row | undefined {
    return this.rows.get(label);
  }

  all(): Row[] {
    return [...this.rows.values()];
  }

  changes(): Row[] {
    return this.all().filter((r) => r.change);
  }

  /** Changes that have reached an end state (done, failed or warned). */
  finishedCount(): number {
    return this.changes().filter(
      (r) => r.state === 'done' || r.state === 'failed' || r.state === 'warning' || r.state === 'skipped',
    ).length;
  }

  list(): MessagePart {
    const rows = this.all();
    const items = rows.slice(0, MAX_ROWS).map((r) => `${MARK[r.state]} ${r.label} — ${r.text}`);
    if (rows.length > MAX_ROWS) items.push(`…and ${rows.length - MAX_ROWS} more`);
    return { type: 'list', items };
  }

  message(title: string, tone?: Tone, extra: MessagePart[] = []): Message {
    return { title, ...(tone ? { tone } : {}), parts: [this.list(), ...extra] };
  }
}
