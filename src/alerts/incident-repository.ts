import { randomBytes } from 'node:crypto';
import { ConditionFailedError, type Store, type StoreItem } from '../store/store.js';
import type { Incident } from './incident.js';

/**
 * Where incidents live in the store, and the conditional writes that keep replicas from doing
 * anything twice. Keys:
 *   incident#<id> / incident         the incident (versioned: every change is read-modify-write)
 *   alarm#<account/region/name> / current   the alarm's latest incident
 *   group#<channel>#<env> / open     the incident alarms of that environment join (TTL = window)
 *   event#<id> / seen                an event id already taken in (TTL = SQS's longest retention)
 *   incidents-open / <openedAt>#<id> the open incidents, for /infra alarms, App Home, reminders
 */
const SEEN_TTL_MS = 15 * 24 * 3_600_000;
const OPEN_INDEX = 'incidents-open';

export interface OpenIncidentRef {
  id: string;
  channel: string;
  environment?: string;
  openedAt: string;
}

export class IncidentRepository {
  constructor(private readonly store: Store) {}

  async get(id: string): Promise<StoreItem<Incident> | undefined> {
    return this.store.get<Incident>({ pk: `incident#${id}`, sk: 'incident' });
  }

  /** Creates an incident under a fresh id; ids are short so people can type `ack inc-7k2m9q`. */
  async create(make: (id: string) => Incident): Promise<Incident> {
    for (let attempt = 0; ; attempt++) {
      const id = `inc-${randomBytes(4).readUInt32BE(0).toString(36).padStart(6, '0').slice(-6)}`;
      const incident = make(id);
      try {
        await this.store.put({ pk: `incident#${id}`, sk: 'incident' }, incident, { condition: 'absent' });
        return incident;
      } catch (error) {
        if (!(error instanceof ConditionFailedError) || attempt > 5) throw error;
      }
    }
  }

  async delete(id: string): Promise<void> {
    await this.store.delete({ pk: `incident#${id}`, sk: 'incident' });
  }

  /**
   * Read-modify-write with optimistic locking: `change` runs on the latest version and returns
   * false to write nothing. Another replica's write in between makes it run again.
   */
  async update(
    id: string,
    change: (incident: Incident) => boolean,
  ): Promise<{ incident: Incident; changed: boolean } | undefined> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const item = await this.get(id);
      if (!item) return undefined;
      const draft = structuredClone(item.value);
      if (!change(draft)) return { incident: item.value, changed: false };
      try {
        await this.store.put({ pk: `incident#${id}`, sk: 'incident' }, draft, {
          condition: { version: item.version },
        });
        await this.syncOpenIndex(item.value, draft);
        return { incident: draft, changed: true };
      } catch (error) {
        if (!(error instanceof ConditionFailedError)) throw error;
      }
    }
    throw new Error(`incident ${id} kept changing under us (50 conflicting writes); try again`);
  }

  private async syncOpenIndex(before: Incident, after: Incident): Promise<void> {
    const key = { pk: OPEN_INDEX, sk: `${after.openedAt}#${after.id}` };
    const visible = after.status === 'open' && Object.keys(after.members).length > 0;
    const wasVisible = before.status === 'open' && Object.keys(before.members).length > 0;
    if (visible && !wasVisible) {
      const ref: OpenIncidentRef = {
        id: after.id,
        channel: after.channel,
        openedAt: after.openedAt,
        ...(after.environment ? { environment: after.environment } : {}),
      };
      await this.store.put(key, ref);
    } else if (!visible && wasVisible) {
      await this.store.delete(key);
    }
  }

  async open(): Promise<OpenIncidentRef[]> {
    return (await this.store.query<OpenIncidentRef>(OPEN_INDEX, { descending: true, limit: 500 })).map(
      (i) => i.value,
    );
  }

  alarmPointer(key: string): Promise<StoreItem<{ incidentId: string }> | undefined> {
    return this.store.get<{ incidentId: string }>({ pk: `alarm#${key}`, sk: 'current' });
  }

  /** Points the alarm at an incident only if nobody repointed it since `version` was read. */
  async pointAlarm(key: string, incidentId: string, version: number | undefined): Promise<boolean> {
    try {
      await this.store.put(
        { pk: `alarm#${key}`, sk: 'current' },
        { incidentId },
        { condition: version === undefined ? 'absent' : { version } },
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }

  group(channel: string, environment: string): Promise<StoreItem<{ incidentId: string }> | undefined> {
    return this.store.get<{ incidentId: string }>({ pk: `group#${channel}#${environment}`, sk: 'open' });
  }

  /**
   * Makes an incident the one its environment's alarms join for `windowMs`, replacing the group
   * read at `version` (a resolved or expired one). False when another writer got there first.
   */
  async claimGroup(
    channel: string,
    environment: string,
    incidentId: string,
    windowMs: number,
    version: number | undefined,
  ): Promise<boolean> {
    try {
      await this.store.put(
        { pk: `group#${channel}#${environment}`, sk: 'open' },
        { incidentId },
        { ttlMs: windowMs, condition: version === undefined ? 'absent' : { version } },
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionFailedError) return false;
      throw error;
    }
  }

  async seen(eventId: string): Promise<{ incidentId?: string } | undefined> {
    return (await this.store.get<{ incidentId?: string }>({ pk: `event#${eventId}`, sk: 'seen' }))?.value;
  }

  /** Records that an event was taken in; false when another replica (or an earlier delivery) did. */
  markSeen(eventId: string, incidentId: string | undefined): Promise<boolean> {
    return this.store.putIfAbsent({ pk: `event#${eventId}`, sk: 'seen' }, incidentId ? { incidentId } : {}, {
      ttlMs: SEEN_TTL_MS,
    });
  }

  acquireFlush(id: string, owner: string, ttlMs: number) {
    return this.store.acquireLease(`flush#${id}`, owner, ttlMs);
  }

  releaseFlush(id: string, owner: string) {
    return this.store.releaseLease(`flush#${id}`, owner);
  }
}
