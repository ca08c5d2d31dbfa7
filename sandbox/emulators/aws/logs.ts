import { AwsError } from './errors.js';
import { compileQuery } from './logs-query.js';
import { coralValidation } from './params.js';
import type { ServiceDefinition } from './service.js';
import type { World } from './world.js';

const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);

/**
 * CloudWatch Logs (JSON 1.1, `Logs_20140328.*`): the Logs Insights calls infrabot makes —
 * StartQuery, GetQueryResults, StopQuery — with the documented states and statistics.
 */
export function logsService(world: World): ServiceDefinition {
  return {
    name: 'logs',
    signingName: 'logs',
    protocol: 'json1.1',
    targetPrefix: 'Logs_20140328',
    validation: coralValidation,
    throttlingError: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    actions: {
      StartQuery(ctx) {
        const p = ctx.params;
        const language = p.str('queryLanguage', { oneOf: ['CWLI', 'SQL', 'PPL'] });
        if (language && language !== 'CWLI') {
          throw invalidParameter(`The emulator runs Logs Insights QL (CWLI) only, not ${language}.`);
        }
        const single = p.str('logGroupName', { minLength: 1, maxLength: 512 });
        const names = p.strList('logGroupNames', { maxItems: 50 });
        const identifiers = p.strList('logGroupIdentifiers', { maxItems: 50 });
        const given = [single, names, identifiers].filter((v) => v !== undefined).length;
        if (given !== 1) {
          throw invalidParameter(
            'Exactly one of logGroupName, logGroupNames or logGroupIdentifiers must be specified.',
          );
        }
        const groups = (single !== undefined ? [single] : (names ?? identifiers ?? [])).map((g) =>
          g.startsWith('arn:')
            ? g.replace(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '')
            : g,
        );
        if (groups.length === 0) throw invalidParameter('At least one log group must be specified.');
        const startTime = p.reqInt('startTime', { min: 0 });
        const endTime = p.reqInt('endTime', { min: 0 });
        const queryString = p.reqStr('queryString', { minLength: 0, maxLength: 10_000 });
        const limit = p.int('limit', { min: 1, max: 10_000 }) ?? 1_000;
        if (endTime < startTime) throw invalidParameter('End time should not be before the start time.');
        for (const g of groups) {
          if (!world.logs.group(ctx, g)) {
            throw new AwsError(
              'ResourceNotFoundException',
              `Log group '${g}' does not exist for account ID '${ctx.accountId}'`,
            );
          }
        }
        const query = compileQuery(queryString);
        const queryId = world.logs.startQuery(ctx, {
          groups,
          // The API takes epoch seconds; the events are kept in ms.
          startTime: startTime * 1000,
          endTime: endTime * 1000 + 999,
          query,
          queryString,
          limit,
        });
        return { queryId };
      },

      GetQueryResults(ctx) {
        const id = ctx.params.reqStr('queryId', { minLength: 0, maxLength: 256 });
        ctx.params.int('maxItems', { min: 1, max: 10_000 });
        const q = world.logs.query(ctx, id);
        if (!q) throw new AwsError('ResourceNotFoundException', 'Query does not exist.');
        const status = world.logs.status(q);
        const run = world.logs.evaluate(q);
        const part = status === 'Complete' ? 1 : world.logs.progress(q);
        const statistics = {
          recordsMatched: Math.round(run.recordsMatched * part),
          recordsScanned: Math.round(run.recordsScanned * part),
          estimatedRecordsSkipped: 0,
          bytesScanned: Math.round(run.bytesScanned * part),
          estimatedBytesSkipped: 0,
          logGroupsScanned: status === 'Scheduled' ? 0 : q.groups.length,
        };
        return {
          queryLanguage: 'CWLI',
          results: status === 'Complete' ? run.rows : [],
          statistics,
          status,
        };
      },

      StopQuery(ctx) {
        const id = ctx.params.reqStr('queryId', { minLength: 0, maxLength: 256 });
        const q = world.logs.query(ctx, id);
        if (!q) throw new AwsError('ResourceNotFoundException', 'Query does not exist.');
        return { success: world.logs.cancel(q) };
      },
    },
  };
}
