import type { IdGenerator } from './ids.js';
import type { Clock } from './types.js';

/**
 * trigger_id bookkeeping. Slack hands one out with every interaction; it opens (or pushes)
 * one view within 3 seconds and is then spent.
 */

export const TRIGGER_TTL_MS = 3000;

export interface TriggerContext {
  user: string;
  /** Set when the interaction happened inside a modal: views.push stacks onto that modal. */
  viewId?: string;
}

interface Entry {
  context: TriggerContext;
  createdAt: number;
  exchanged: boolean;
}

export type TriggerExchange =
  | { ok: true; context: TriggerContext }
  | { ok: false; error: 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' };

export class TriggerRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  create(context: TriggerContext): string {
    const id = this.ids.triggerId(this.clock());
    this.entries.set(id, { context, createdAt: this.clock(), exchanged: false });
    return id;
  }

  /** Validates without spending, so a view that fails validation leaves the trigger usable. */
  check(id: string): TriggerExchange {
    const entry = this.entries.get(id);
    if (!entry) return { ok: false, error: 'invalid_trigger_id' };
    if (entry.exchanged) return { ok: false, error: 'exchanged_trigger_id' };
    if (this.clock() - entry.createdAt > TRIGGER_TTL_MS) return { ok: false, error: 'expired_trigger_id' };
    return { ok: true, context: entry.context };
  }

  spend(id: string): void {
    const entry = this.entries.get(id);
    if (entry) entry.exchanged = true;
  }
}
