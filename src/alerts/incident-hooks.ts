import type { Button } from '../commands/message.js';
import type { HistoryEvent } from '../incidents/incident-history.js';
import type { PostedRef } from '../ports/publisher.js';

/**
 * What other features hang on alert threads, injected by the composition root (services.ts) so
 * the alerts domain knows none of them: incident context posts and buttons, the history the
 * timeline reads.
 */
export interface IncidentView {
  id: string;
  environment?: string;
  /** The one ECS service the incident is about (all its alarms agree); absent otherwise. */
  service?: string;
  resolved: boolean;
}

export interface IncidentHooks {
  /** Buttons added to the parent after the alert's own (Show errors, Restart; Timeline once resolved). */
  parentButtons?(incident: IncidentView): Button[];
  /** The parent of a new incident was posted. Fire and forget: it must not block the thread. */
  opened?(incident: Omit<IncidentView, 'resolved'> & { openedAt: Date; thread: PostedRef }): void;
}

/** Where the alerts write what happened to an incident, in order (StoreIncidentHistory). */
export interface IncidentHistoryWriter {
  opened(input: {
    id: string;
    environment?: string;
    service?: string;
    title: string;
    openedAt: string;
    alarm: string;
    state: string;
    reason: string;
  }): Promise<void>;
  threadPosted(id: string, thread: PostedRef): Promise<void>;
  record(id: string, event: HistoryEvent): Promise<void>;
}
