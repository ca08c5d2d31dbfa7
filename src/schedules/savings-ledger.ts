import type { Store } from '../store/store.js';

/** One resource a stop turned off, and what it costs per hour while on (undefined: price unknown). */
export interface LedgerResource {
  label: string;
  hourlyUsd?: number;
  /** Why there is no price, for the status line. */
  unpriced?: string;
}

/** A finished stop or start, as the savings figures read it. */
export interface LedgerEntry {
  operation: 'stop' | 'start';
  at: string;
  /** What the stop turned off; empty for a start. */
  resources: LedgerResource[];
}

/** Entries are kept 60 days: enough for this week, last week and a monthly look back. */
const LEDGER_TTL_MS = 60 * 86_400_000;

/**
 * The history of operations the savings are measured from: pk `savings#<env>`, sk `<ISO time>#<op>`,
 * one item per finished stop or start (any actor: a person, the terminal, the schedule).
 */
export class SavingsLedger {
  constructor(private readonly store: Store) {}

  async record(environment: string, entry: LedgerEntry): Promise<void> {
    await this.store.put({ pk: `savings#${environment}`, sk: `${entry.at}#${entry.operation}` }, entry, {
      ttlMs: LEDGER_TTL_MS,
    });
  }

  async entries(environment: string): Promise<LedgerEntry[]> {
    const items = await this.store.query<LedgerEntry>(`savings#${environment}`);
    return items.map((i) => i.value);
  }
}

export interface Savings {
  /** Hours the environment's resources were off in the window (the longest-off resource's hours). */
  hoursOff: number;
  /** USD not spent: Σ hours off × hourly price, over priced resources. */
  usd: number;
  /** Resources off without a known price (their hours are not in `usd`). */
  unpriced: string[];
}

/**
 * Savings in [from, to): each stop opens an off interval for what it turned off, the next start
 * closes it (a still-open one runs to `to`). A partial start closes the whole interval (errs low);
 * a database AWS restarted by itself counts as off until the watchfulness stop (at most one
 * check interval, 15 min, errs high).
 */
export function savingsIn(entries: readonly LedgerEntry[], from: Date, to: Date): Savings {
  const sorted = [...entries].sort((a, b) => a.at.localeCompare(b.at));
  let open: { at: number; resources: LedgerResource[] } | undefined;
  let hoursOff = 0;
  let usd = 0;
  const unpriced = new Set<string>();
  const close = (end: number) => {
    if (!open) return;
    const start = Math.max(open.at, from.getTime());
    const stop = Math.min(end, to.getTime());
    if (stop > start) {
      const hours = (stop - start) / 3_600_000;
      hoursOff += hours;
      for (const r of open.resources) {
        if (r.hourlyUsd === undefined) unpriced.add(r.label);
        else usd += hours * r.hourlyUsd;
      }
    }
    open = undefined;
  };
  for (const entry of sorted) {
    const at = new Date(entry.at).getTime();
    if (entry.operation === 'start') close(at);
    else {
      // A second stop while off (a watchfulness stop) adds what it turned off to the open interval.
      if (open) {
        const known = new Set(open.resources.map((r) => r.label));
        open.resources = [...open.resources, ...entry.resources.filter((r) => !known.has(r.label))];
      } else open = { at, resources: [...entry.resources] };
    }
  }
  close(to.getTime());
  return { hoursOff, usd, unpriced: [...unpriced] };
}
