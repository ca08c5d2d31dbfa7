import type { PostedRef } from '../ports/publisher.js';
import type { Store } from '../store/store.js';
import type { ChangeItem } from './change-items.js';

/**
 * The seam between alert threads (src/alerts/) and incident context: what happened to an
 * incident, in order, and which incident a Slack thread belongs to. The alerts code writes it
 * as things happen (`StoreIncidentHistory.record…`); the timeline reads it. Kept apart from the
 * alerts' own incident record, which holds only the current state.
 */

export type HistoryEvent =
  | { kind: 'opened'; at: string; alarm: string; state: string; reason: string }
  | { kind: 'transition'; at: string; alarm: string; state: string; previousState?: string; reason: string }
  | { kind: 'ack'; at: string; by: string }
  | { kind: 'mute'; at: string; by: string; until?: string }
  | { kind: 'reminder'; at: string }
  | { kind: 'resolved'; at: string }
  /** What infrabot posted in the thread itself: what changed, the errors it found. */
  | { kind: 'context'; at: string; what: 'changes' | 'errors'; summary: string }
  /**
   * A change found when the incident opened, kept: ECS lists only current deployments, so a
   * deployment replaced since (by a restart) would be missing from a timeline built later.
   */
  | { kind: 'change'; at: string; change: StoredChange };

/** A ChangeItem as JSON (its time as an ISO string). */
export type StoredChange = Omit<ChangeItem, 'at'> & { at: string };

export function storedChange(item: ChangeItem): StoredChange {
  return { ...item, at: item.at.toISOString() } as StoredChange;
}

export function revivedChange(stored: StoredChange): ChangeItem {
  return { ...stored, at: new Date(stored.at) } as ChangeItem;
}

/** One key per change, to merge what was kept with what is read again. */
export function changeKey(item: Pick<ChangeItem, 'kind'> & Record<string, unknown>): string {
  if (item.kind === 'deployment') return `deployment#${String(item.deploymentId)}`;
  if (item.kind === 'pull-request') return `pr#${String(item.repo)}#${String(item.number)}`;
  return `action#${String(item.at instanceof Date ? item.at.toISOString() : item.at)}#${String(item.command)}`;
}

export interface IncidentRecord {
  id: string;
  environment?: string;
  service?: string;
  title: string;
  openedAt: string;
  resolvedAt?: string;
  thread?: PostedRef;
  /** Oldest first. */
  events: HistoryEvent[];
}

export interface IncidentHistory {
  byId(id: string): Promise<IncidentRecord | undefined>;
  byThread(thread: PostedRef): Promise<IncidentRecord | undefined>;
}

const KEPT_MS = 400 * 86_400_000;
/** An incident's history is bounded: a flapping alarm must not grow it without end. */
const MAX_EVENTS = 500;

interface Header {
  id: string;
  environment?: string;
  service?: string;
  title: string;
  openedAt: string;
  resolvedAt?: string;
  thread?: PostedRef;
}

/**
 * The history in the store: a header `incident-history#<id>` / `header`, events under
 * `incident-history#<id>` / `e#<at>#<seq>`, and `incident-thread#<channel>#<ts>` → id.
 */
export class StoreIncidentHistory implements IncidentHistory {
  private seq = 0;

  constructor(private readonly store: Store) {}

  async opened(
    input: Omit<Header, 'resolvedAt'> & { alarm: string; state: string; reason: string },
  ): Promise<void> {
    const { alarm, state, reason, ...header } = input;
    await this.store.put({ pk: `incident-history#${input.id}`, sk: 'header' }, header, { ttlMs: KEPT_MS });
    if (input.thread) await this.threadPosted(input.id, input.thread);
    await this.record(input.id, { kind: 'opened', at: input.openedAt, alarm, state, reason });
  }

  /** The parent message exists: the thread now leads to the incident. */
  async threadPosted(id: string, thread: PostedRef): Promise<void> {
    await this.store.put(
      { pk: `incident-thread#${thread.channel}#${thread.ts}`, sk: 'incident' },
      { id },
      { ttlMs: KEPT_MS },
    );
    const header = await this.store.get<Header>({ pk: `incident-history#${id}`, sk: 'header' });
    if (header)
      await this.store.put(
        { pk: `incident-history#${id}`, sk: 'header' },
        { ...header.value, thread },
        { ttlMs: KEPT_MS },
      );
  }

  async record(id: string, event: HistoryEvent): Promise<void> {
    this.seq = (this.seq + 1) % 1_000_000;
    await this.store.put(
      { pk: `incident-history#${id}`, sk: `e#${event.at}#${String(this.seq).padStart(6, '0')}` },
      event,
      { ttlMs: KEPT_MS },
    );
    if (event.kind === 'resolved') {
      const header = await this.store.get<Header>({ pk: `incident-history#${id}`, sk: 'header' });
      if (header)
        await this.store.put(
          { pk: `incident-history#${id}`, sk: 'header' },
          { ...header.value, resolvedAt: event.at },
          { ttlMs: KEPT_MS },
        );
    }
  }

  /** Keeps what "what changed" found when the incident opened. */
  async recordChanges(id: string, items: readonly ChangeItem[]): Promise<void> {
    for (const item of items)
      await this.record(id, { kind: 'change', at: item.at.toISOString(), change: storedChange(item) });
  }

  async byId(id: string): Promise<IncidentRecord | undefined> {
    const header = await this.store.get<Header>({ pk: `incident-history#${id}`, sk: 'header' });
    if (!header) return undefined;
    const events = await this.store.query<HistoryEvent>(`incident-history#${id}`, {
      prefix: 'e#',
      limit: MAX_EVENTS,
    });
    return { ...header.value, events: events.map((e) => e.value) };
  }

  async byThread(thread: PostedRef): Promise<IncidentRecord | undefined> {
    const link = await this.store.get<{ id: string }>({
      pk: `incident-thread#${thread.channel}#${thread.ts}`,
      sk: 'incident',
    });
    return link ? this.byId(link.value.id) : undefined;
  }
}
