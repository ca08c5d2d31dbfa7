import type { AuditEntry } from '../audit/audit-log.js';
import type { WhatChanged } from './change-items.js';
import { changeKey, type HistoryEvent, type IncidentRecord, revivedChange } from './incident-history.js';

/**
 * A postmortem timeline as data: every event of an incident — its transitions, acks, mutes,
 * reminders, the actions people took through infrabot (from the audit trail), what changed
 * before it and the errors found — in time order. render-timeline.ts words it for Slack and as a
 * Markdown document.
 */
export type TimelineEntry =
  | { at: Date; kind: 'history'; event: HistoryEvent }
  | { at: Date; kind: 'action'; entry: AuditEntry }
  | { at: Date; kind: 'change'; change: WhatChanged['items'][number] };

export interface Timeline {
  incident: IncidentRecord;
  entries: TimelineEntry[];
  /** Sources that could not be read, with why: a timeline with holes says where they are. */
  gaps: string[];
}

/** Actions that belong to the incident: they name it, or change its environment while it lasted. */
export function incidentActions(
  incident: IncidentRecord,
  entries: readonly AuditEntry[],
  end: Date,
): AuditEntry[] {
  const start = Date.parse(incident.openedAt);
  return entries.filter((e) => {
    const at = Date.parse(e.at);
    if (at < start || at > end.getTime()) return false;
    if (e.command.toLowerCase().includes(incident.id.toLowerCase())) return true;
    if (e.detail?.includes(incident.id)) return true;
    return (
      incident.environment !== undefined &&
      e.environment === incident.environment &&
      e.verb !== 'status' &&
      e.verb !== 'incident'
    );
  });
}

export function buildTimeline(input: {
  incident: IncidentRecord;
  actions: readonly AuditEntry[];
  changes?: WhatChanged;
  gaps?: string[];
}): Timeline {
  const kept = input.incident.events.flatMap((e) => (e.kind === 'change' ? [revivedChange(e.change)] : []));
  const keys = new Set(kept.map((c) => changeKey(c as never)));
  const fresh = (input.changes?.items ?? []).filter((c) => !keys.has(changeKey(c as never)));
  const entries: TimelineEntry[] = [
    ...input.incident.events
      .filter((event) => event.kind !== 'change')
      .map((event) => ({ at: new Date(event.at), kind: 'history' as const, event })),
    ...input.actions.map((entry) => ({ at: new Date(entry.at), kind: 'action' as const, entry })),
    ...[...kept, ...fresh].map((change) => ({ at: change.at, kind: 'change' as const, change })),
  ];
  // Stable: events at the same instant keep their recorded order.
  const indexed = entries.map((e, i) => ({ e, i }));
  indexed.sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i);
  return { incident: input.incident, entries: indexed.map((x) => x.e), gaps: input.gaps ?? [] };
}
