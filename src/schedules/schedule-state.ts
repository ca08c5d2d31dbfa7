import type { Store } from '../store/store.js';

/** Why a stop is postponed until `until`: someone asked (`keep`), or an on-demand start during off-hours. */
export interface KeepOverride {
  until: string;
  reason: 'keep' | 'on-demand-start';
  /** Who asked, as shown to people. */
  by: string;
  setAt: string;
}

/** A resource that was off for a while, for the savings figures. */
export interface OffInterval {
  label: string;
  /** What it costs per hour while running, in USD (undefined when no price is known). */
  hourlyUsd?: number;
  from: string;
  /** Absent while it is still off. */
  to?: string;
}

/** Marks live long enough to cover the longest catch-up window (8 days) and then go away. */
const MARK_TTL_MS = 9 * 86_400_000;

/**
 * What the schedule remembers about an environment, in the one state table:
 *
 *   pk `schedule#<env>`, sk `override`            the active keep (postpones stops until `until`)
 *                        sk `mark#<kind>#<id>`     once-only marks: a fired tick, a posted warning
 *
 * The environment's own items (saved counts, record) stay under `env#<name>` (environments/).
 */
export class ScheduleState {
  constructor(private readonly store: Store) {}

  private pk(environment: string): string {
    return `schedule#${environment}`;
  }

  /** The override, if one is set and has not lapsed at `now`. */
  async override(environment: string, now: Date): Promise<KeepOverride | undefined> {
    const item = await this.store.get<KeepOverride>({ pk: this.pk(environment), sk: 'override' });
    if (!item || new Date(item.value.until) <= now) return undefined;
    return item.value;
  }

  async setOverride(environment: string, override: KeepOverride): Promise<void> {
    await this.store.put({ pk: this.pk(environment), sk: 'override' }, override, { ttlMs: MARK_TTL_MS });
  }

  async clearOverride(environment: string): Promise<void> {
    await this.store.delete({ pk: this.pk(environment), sk: 'override' });
  }

  /**
   * Claims a once-only mark. True for exactly one caller across replicas (a conditional write):
   * that caller fires the tick or posts the warning; every other one skips it.
   */
  claim(
    environment: string,
    kind: string,
    id: string,
    detail: Record<string, unknown> = {},
  ): Promise<boolean> {
    return this.store.putIfAbsent({ pk: this.pk(environment), sk: `mark#${kind}#${id}` }, detail, {
      ttlMs: MARK_TTL_MS,
    });
  }

  async hasMark(environment: string, kind: string, id: string): Promise<boolean> {
    return (await this.mark(environment, kind, id)) !== undefined;
  }

  async mark(environment: string, kind: string, id: string): Promise<Record<string, unknown> | undefined> {
    return (
      await this.store.get<Record<string, unknown>>({ pk: this.pk(environment), sk: `mark#${kind}#${id}` })
    )?.value;
  }
}
