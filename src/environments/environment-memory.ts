import type { Store } from '../store/store.js';
import type { Database, EnvironmentRecord, OperationInfo, SavedDatabase, SavedService } from './model.js';
import { serviceKey } from './model.js';

/**
 * What infrabot remembers about an environment, in the one state table:
 *
 *   pk `env#<name>`, sk `saved#ecs#<cluster>/<service>`   desired count + autoscaling bounds to restore
 *                    sk `saved#rds#<kind>#<id>`           when infrabot stopped a database
 *                    sk `record`                          the last stop/start and how it ended
 *                    sk `operation`                       the stop/start running now (expires with its lease)
 */
export class EnvironmentMemory {
  constructor(private readonly store: Store) {}

  private pk(environment: string): string {
    return `env#${environment}`;
  }

  async savedServices(environment: string): Promise<Map<string, SavedService>> {
    const items = await this.store.query<SavedService>(this.pk(environment), { prefix: 'saved#ecs#' });
    return new Map(items.map((i) => [serviceKey(i.value.cluster, i.value.service), i.value]));
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
    const items = await this.store.query<SavedDatabase>(this.pk(environment), { prefix: 'saved#rds#' });
    return new Map(items.map((i) => [databaseKey(i.value), i.value]));
  }

  async saveDatabase(environment: string, saved: SavedDatabase): Promise<void> {
    await this.store.put({ pk: this.pk(environment), sk: `saved#rds#${databaseKey(saved)}` }, saved);
  }

  async forgetDatabase(environment: string, db: Pick<Database, 'kind' | 'id'>): Promise<void> {
    await this.store.delete({ pk: this.pk(environment), sk: `saved#rds#${databaseKey(db)}` });
  }

  async record(environment: string): Promise<EnvironmentRecord | undefined> {
    return (await this.store.get<EnvironmentRecord>({ pk: this.pk(environment), sk: 'record' }))?.value;
  }

  async setRecord(environment: string, record: EnvironmentRecord): Promise<void> {
    await this.store.put({ pk: this.pk(environment), sk: 'record' }, record);
  }

  async operation(environment: string): Promise<OperationInfo | undefined> {
    return (await this.store.get<OperationInfo>({ pk: this.pk(environment), sk: 'operation' }))?.value;
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
