import type { Store } from '../store/store.js';
import { decodeStored } from '../store/stored-item.js';
import type { Database, EnvironmentRecord, OperationInfo, SavedDatabase, SavedService } from './model.js';
import { serviceKey } from './model.js';
import {
  environmentRecordSchema,
  operationInfoSchema,
  savedDatabaseSchema,
  savedServiceSchema,
} from './stored-schemas.js';

/**
 * What infrabot remembers about an environment, in the one state table:
 *
 *   pk `env#<name>`, sk `saved#ecs#<cluster>/<service>`   desired count + autoscaling bounds to restore
 *                    sk `saved#rds#<kind>#<id>`           when infrabot stopped a database
 *                    sk `record`                          the last stop/start and how it ended
 *                    sk `operation`                       the stop/start running now (expires with its lease)
 *
 * Every item is decoded with its zod schema (stored-schemas.ts) when read back: a corrupt or
 * old-format item is a StoredItemError that names it, not a crash further on.
 */
export class EnvironmentMemory {
  constructor(private readonly store: Store) {}

  private pk(environment: string): string {
    return `env#${environment}`;
  }

  private where(environment: string, sk: string): string {
    return `state of ${environment} (item env#${environment} / ${sk})`;
  }

  async savedServices(environment: string): Promise<Map<string, SavedService>> {
    const items = await this.store.query<unknown>(this.pk(environment), { prefix: 'saved#ecs#' });
    return new Map(
      items.map((i) => {
        const saved: SavedService = stripUndefined(
          decodeStored(savedServiceSchema, i.value, this.where(environment, i.sk)),
        );
        return [serviceKey(saved.cluster, saved.service), saved];
      }),
    );
  }

  async saveService(environment: string, saved: SavedService): Promise<void> {
    await this.store.put(
      { pk: this.pk(environment), sk: `saved#ecs#${serviceKey(saved.cluster, saved.service)}` },
      saved,
    );
  }

  async forgetService(environment: string, cluster: string, service: string): Promise<void> {
    await this.store.delete({ pk: this.pk(environment), sk: `saved#ecs#${serviceKey(cluster, service)}` });
  }

  async savedDatabases(environment: string): Promise<Map<string, SavedDatabase>> {
    const items = await this.store.query<unknown>(this.pk(environment), { prefix: 'saved#rds#' });
    return new Map(
      items.map((i) => {
        const saved: SavedDatabase = decodeStored(
          savedDatabaseSchema,
          i.value,
          this.where(environment, i.sk),
        );
        return [databaseKey(saved), saved];
      }),
    );
  }

  async saveDatabase(environment: string, saved: SavedDatabase): Promise<void> {
    await this.store.put({ pk: this.pk(environment), sk: `saved#rds#${databaseKey(saved)}` }, saved);
  }

  async forgetDatabase(environment: string, db: Pick<Database, 'kind' | 'id'>): Promise<void> {
    await this.store.delete({ pk: this.pk(environment), sk: `saved#rds#${databaseKey(db)}` });
  }

  async record(environment: string): Promise<EnvironmentRecord | undefined> {
    const item = await this.store.get<unknown>({ pk: this.pk(environment), sk: 'record' });
    return item && decodeStored(environmentRecordSchema, item.value, this.where(environment, 'record'));
  }

  async setRecord(environment: string, record: EnvironmentRecord): Promise<void> {
    await this.store.put({ pk: this.pk(environment), sk: 'record' }, record);
  }

  async operation(environment: string): Promise<OperationInfo | undefined> {
    const item = await this.store.get<unknown>({ pk: this.pk(environment), sk: 'operation' });
    return item && decodeStored(operationInfoSchema, item.value, this.where(environment, 'operation'));
  }

  async setOperation(environment: string, info: OperationInfo, ttlMs: number): Promise<void> {
    await this.store.put({ pk: this.pk(environment), sk: 'operation' }, info, { ttlMs });
  }

  async clearOperation(environment: string): Promise<void> {
    await this.store.delete({ pk: this.pk(environment), sk: 'operation' });
  }
}

export function databaseKey(db: Pick<Database, 'kind' | 'id'>): string {
  return `${db.kind}#${db.id}`;
}

/** zod gives `autoscaling: undefined` for an absent optional; the model leaves it out. */
function stripUndefined<T extends { autoscaling?: unknown }>(value: T): T {
  if (value.autoscaling !== undefined) return value;
  const { autoscaling: _a, ...rest } = value;
  return rest as T;
}
