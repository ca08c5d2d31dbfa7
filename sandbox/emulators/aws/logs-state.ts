import type { EmulatorClock } from './clock.js';
import { AwsError } from './errors.js';
import { uuid } from './ids.js';
import { type CompiledQuery, runQuery } from './logs-query.js';
import type { Scope } from './world-types.js';

export interface LogEvent {
  /** Epoch ms (simulated time). */
  timestamp: number;
  message: string;
  stream: string;
}

export interface LogGroup extends Scope {
  name: string;
  arn: string;
  createdAt: number;
  /** Oldest first. */
  events: LogEvent[];
}

export type QueryStatus = 'Scheduled' | 'Running' | 'Complete' | 'Failed' | 'Timeout' | 'Cancelled';

/** How the next queries behave, in wall-clock ms (what a caller waits), and how they end. */
export interface QueryBehaviour {
  scheduledMs: number;
  runningMs: number;
  /** How a query that is left to run ends. */
  outcome: 'Complete' | 'Failed' | 'Timeout';
}

export interface LogsQuery extends Scope {
  id: string;
  groups: string[];
  startTime: number;
  endTime: number;
  query: CompiledQuery;
  queryString: string;
  limit: number;
  /** Wall ms. */
  createdAt: number;
  behaviour: QueryBehaviour;
  cancelledAt?: number;
}

const key = (scope: Scope, name: string) => `${scope.accountId}|${scope.region}|${name}`;

/** Logs Insights allows this many queries running at once per account and Region. */
export const MAX_CONCURRENT_QUERIES = 30;

/**
 * CloudWatch Logs: log groups with their events, and Logs Insights queries that go through the
 * real states (Scheduled → Running → Complete, or Failed / Timeout / Cancelled) on the wall clock.
 */
export class LogsState {
  private readonly groupMap = new Map<string, LogGroup>();
  private readonly queryMap = new Map<string, LogsQuery>();
  behaviour: QueryBehaviour = { scheduledMs: 40, runningMs: 160, outcome: 'Complete' };

  constructor(private readonly clock: EmulatorClock) {}

  addGroup(scope: Scope, name: string): LogGroup {
    const existing = this.groupMap.get(key(scope, name));
    if (existing) return existing;
    const group: LogGroup = {
      ...scope,
      name,
      arn: `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:${name}`,
      createdAt: this.clock.now(),
      events: [],
    };
    this.groupMap.set(key(scope, name), group);
    return group;
  }

  group(scope: Scope, name: string): LogGroup | undefined {
    return this.groupMap.get(key(scope, name));
  }

  putEvents(scope: Scope, name: string, events: readonly LogEvent[]): void {
    const group = this.addGroup(scope, name);
    group.events.push(...events);
    group.events.sort((a, b) => a.timestamp - b.timestamp);
  }

  startQuery(scope: Scope, input: Omit<LogsQuery, 'id' | 'createdAt' | 'behaviour' | keyof Scope>): string {
    const now = this.clock.wallNow();
    const running = [...this.queryMap.values()].filter(
      (q) =>
        q.accountId === scope.accountId &&
        q.region === scope.region &&
        (this.status(q, now) === 'Running' || this.status(q, now) === 'Scheduled'),
    ).length;
    if (running >= MAX_CONCURRENT_QUERIES) {
      throw new AwsError(
        'LimitExceededException',
        `Account maximum query concurrency limit of [${MAX_CONCURRENT_QUERIES}] reached.`,
      );
    }
    const id = uuid();
    this.queryMap.set(id, { ...scope, ...input, id, createdAt: now, behaviour: { ...this.behaviour } });
    return id;
  }

  query(scope: Scope, id: string): LogsQuery | undefined {
    const q = this.queryMap.get(id);
    return q && q.accountId === scope.accountId && q.region === scope.region ? q : undefined;
  }

  status(q: LogsQuery, now = this.clock.wallNow()): QueryStatus {
    const elapsed = now - q.createdAt;
    const end = q.behaviour.scheduledMs + q.behaviour.runningMs;
    if (q.cancelledAt !== undefined && q.cancelledAt - q.createdAt < end) return 'Cancelled';
    if (elapsed < q.behaviour.scheduledMs) return 'Scheduled';
    if (elapsed < end) return 'Running';
    return q.behaviour.outcome;
  }

  /** How far a running query is, 0..1 (statistics grow with it). */
  progress(q: LogsQuery, now = this.clock.wallNow()): number {
    const elapsed = now - q.createdAt - q.behaviour.scheduledMs;
    return Math.max(0, Math.min(1, elapsed / Math.max(1, q.behaviour.runningMs)));
  }

  cancel(q: LogsQuery): boolean {
    const status = this.status(q);
    if (status !== 'Running' && status !== 'Scheduled') return false;
    q.cancelledAt = this.clock.wallNow();
    return true;
  }

  /** Runs the query over the events it covers. */
  evaluate(q: LogsQuery) {
    const events = q.groups.flatMap((name) => {
      const group = this.group(q, name);
      return (group?.events ?? [])
        .filter((e) => e.timestamp >= q.startTime && e.timestamp <= q.endTime)
        .map((e) => ({ ...e, group: name }));
    });
    return runQuery(q.query, events, q.limit);
  }

  allGroups(): LogGroup[] {
    return [...this.groupMap.values()];
  }
}
