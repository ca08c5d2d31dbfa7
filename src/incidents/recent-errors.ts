import type { EnvironmentConfig } from '../config/schema.js';
import { type Failure, failureOf, type ServiceRef } from '../environments/environment-gateway.js';
import type { Sleep } from '../util/sleep.js';
import type { IncidentGateway, QueryStatistics, QueryStatus } from './incident-gateway.js';
import { redactLogText } from './safe-log-line.js';

/**
 * "What do the logs say?": a Logs Insights query over the service's awslogs group for the
 * incident window, summarised as the most frequent error messages with their counts. Bounded
 * (window, result rows, a wait limit after which the query is stopped), and every outcome —
 * found, none, failed, slow — is data the renderer words (render-errors.ts).
 */

export interface ErrorsSettings {
  /** Rows asked for: the top messages. */
  limit: number;
  /** How long to wait for the query before stopping it and saying it was slow. */
  waitMs: number;
  pollMs: number;
}

export const DEFAULT_ERRORS_SETTINGS: ErrorsSettings = { limit: 10, waitMs: 20_000, pollMs: 1_000 };

/** The default window: the 30 minutes before the incident opened, and since. */
export const DEFAULT_ERRORS_WINDOW_MS = 30 * 60_000;

export const ERROR_PATTERN = '(?i)(error|exception|fatal|panic|traceback|unhandled)';

export function errorsQuery(limit: number): string {
  return [
    'fields @timestamp, @message',
    `filter @message like /${ERROR_PATTERN}/`,
    'stats count(*) as count, earliest(@timestamp) as first, latest(@timestamp) as last by @message',
    'sort count desc',
    `limit ${limit}`,
  ].join(' | ');
}

export interface ErrorLine {
  /** Redacted, still raw text: renderers cut and escape it for their medium. */
  message: string;
  count: number;
  first?: string;
  last?: string;
}

export interface ErrorsContext {
  environment: string;
  service: ServiceRef;
  region: string;
  logGroups: string[];
  window: { start: Date; end: Date };
  query: string;
  /** The query in the CloudWatch console, for the whole story. */
  link: string;
}

export type ErrorsOutcome =
  | (ErrorsContext & { kind: 'found'; lines: ErrorLine[]; statistics: QueryStatistics; tookMs: number })
  | (ErrorsContext & { kind: 'none'; statistics: QueryStatistics; tookMs: number })
  /** The query ended without results: Failed, Timeout, Cancelled or Unknown. */
  | (ErrorsContext & { kind: 'query-failed'; status: QueryStatus; statistics?: QueryStatistics })
  /** Still running when the wait ran out: it was stopped. */
  | (ErrorsContext & { kind: 'slow'; waitedMs: number; statistics?: QueryStatistics })
  | (ErrorsContext & { kind: 'unreadable'; step: 'start' | 'results'; failure: Failure })
  | { kind: 'no-log-group'; environment: string; service: ServiceRef; region: string; taskDefinition: string }
  | {
      kind: 'service-unreadable';
      environment: string;
      service: ServiceRef;
      region: string;
      failure: Failure;
    };

export interface ErrorsRequest {
  environment: string;
  config: EnvironmentConfig;
  region: string;
  service: ServiceRef;
  window: { start: Date; end: Date };
  settings?: Partial<ErrorsSettings>;
  signal?: AbortSignal;
}

/** The console's Logs Insights page with this query, log groups and absolute window filled in. */
export function insightsLink(
  region: string,
  groups: readonly string[],
  window: { start: Date; end: Date },
  query: string,
): string {
  // The console reads a JSURL-like state: values URL-encoded with `*` for `%`, `~` separators.
  const enc = (s: string) =>
    encodeURIComponent(s)
      .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
      .replace(/%/g, '*');
  const detail =
    `~(end~'${enc(window.end.toISOString())}~start~'${enc(window.start.toISOString())}~timeType~'ABSOLUTE~tz~'UTC` +
    `~editorString~'${enc(query)}~source~(${groups.map((g) => `~'${enc(g)}`).join('')}))`;
  const fragment = `logsV2:logs-insights${encodeURIComponent(`?queryDetail=${detail}`).replace(/%/g, '$')}`;
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#${fragment}`;
}

export async function queryRecentErrors(
  gateway: IncidentGateway,
  request: ErrorsRequest,
  sleep: Sleep,
): Promise<ErrorsOutcome> {
  const settings = { ...DEFAULT_ERRORS_SETTINGS, ...request.settings };
  const base = { environment: request.environment, service: request.service, region: request.region };
  let taskDefinition: string;
  let groups: string[];
  try {
    const reading = await gateway.describeDeployments(request.service.cluster, [request.service.service]);
    const svc = reading.found[0];
    if (!svc) {
      return {
        ...base,
        kind: 'service-unreadable',
        failure: {
          code: 'not-found',
          message: `ECS reports no active service ${request.service.cluster}/${request.service.service}`,
        },
      };
    }
    taskDefinition = svc.taskDefinition;
    const td = await gateway.describeTaskDefinition(taskDefinition);
    groups = [...new Set(td.containers.flatMap((c) => (c.logGroup ? [c.logGroup] : [])))];
  } catch (error) {
    return { ...base, kind: 'service-unreadable', failure: failureOf(error) };
  }
  if (groups.length === 0) return { ...base, kind: 'no-log-group', taskDefinition };

  const query = errorsQuery(settings.limit);
  const context: ErrorsContext = {
    ...base,
    logGroups: groups,
    window: request.window,
    query,
    link: insightsLink(request.region, groups, request.window, query),
  };
  const started = performance.now();
  let queryId: string;
  try {
    queryId = await gateway.startQuery({
      logGroups: groups,
      start: request.window.start,
      end: request.window.end,
      query,
      limit: settings.limit,
    });
  } catch (error) {
    return { ...context, kind: 'unreadable', step: 'start', failure: failureOf(error) };
  }
  let statistics: QueryStatistics | undefined;
  for (;;) {
    let results: Awaited<ReturnType<IncidentGateway['getQueryResults']>>;
    try {
      results = await gateway.getQueryResults(queryId);
    } catch (error) {
      await gateway.stopQuery(queryId).catch(() => {});
      return { ...context, kind: 'unreadable', step: 'results', failure: failureOf(error) };
    }
    statistics = results.statistics;
    const tookMs = performance.now() - started;
    if (results.status === 'Complete') {
      const lines = results.rows
        .map((row) => ({
          message: redactLogText(row['@message'] ?? ''),
          count: Number(row['count'] ?? 0),
          ...(row['first'] ? { first: row['first'] } : {}),
          ...(row['last'] ? { last: row['last'] } : {}),
        }))
        .filter((l) => Number.isFinite(l.count) && l.count > 0)
        .slice(0, settings.limit);
      return lines.length > 0
        ? { ...context, kind: 'found', lines, statistics, tookMs }
        : { ...context, kind: 'none', statistics, tookMs };
    }
    if (results.status !== 'Scheduled' && results.status !== 'Running') {
      return { ...context, kind: 'query-failed', status: results.status, statistics };
    }
    if (tookMs >= settings.waitMs || request.signal?.aborted) {
      // Logs Insights bills what it scans: a query nobody waits for is stopped.
      await gateway.stopQuery(queryId).catch(() => {});
      return { ...context, kind: 'slow', waitedMs: tookMs, statistics };
    }
    await sleep(Math.min(settings.pollMs, Math.max(1, settings.waitMs - tookMs)));
  }
}
