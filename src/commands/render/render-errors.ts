import { formatLocalTime } from '../../clock.js';
import type { ErrorsLookup } from '../../incidents/incident-context-service.js';
import { safeLogLine } from '../../incidents/safe-log-line.js';
import { formatDuration } from '../../util/duration.js';
import { echo } from '../../util/echo.js';
import { whyUnreadable } from '../explain-error.js';
import type { Message, MessagePart } from '../message.js';

/** Slack's section text limit is 3,000 characters; the list stays under it with room to spare. */
const LIST_BUDGET = 2_700;
const LINE_MAX = 240;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Whether the lookup found what it was asked (found or none); everything else is an error. */
export function errorsSucceeded(result: ErrorsLookup): boolean {
  return result.kind === 'found' || result.kind === 'none';
}

export function renderErrors(result: ErrorsLookup, timeZone: string): Message {
  switch (result.kind) {
    case 'service-not-found':
      return {
        title: 'No such service',
        tone: 'danger',
        parts: [
          {
            type: 'text',
            text: `*${echo(result.environment)}* has no ECS service \`${echo(result.name)}\`.${result.known.length > 0 ? ` Its services: ${result.known.map((k) => `\`${echo(k)}\``).join(', ')}.` : ''}`,
          },
        ],
      };
    case 'ambiguous':
      return {
        title: 'Which service?',
        tone: 'danger',
        parts: [
          {
            type: 'text',
            text: `\`${echo(result.name)}\` is in several clusters: ${result.matches.map((m) => `\`${echo(m, 80)}\``).join(', ')}. Name it as \`cluster/service\`.`,
          },
        ],
      };
    case 'environment-unreadable':
      return {
        title: 'Could not read the environment',
        tone: 'danger',
        parts: [
          {
            type: 'text',
            text: `infrabot could not list the services of *${echo(result.environment)}*: ${echo(result.message, 300)}. No logs were searched.`,
          },
        ],
      };
    case 'service-unreadable':
      return {
        title: 'Could not read the service',
        tone: 'danger',
        parts: [
          {
            type: 'text',
            text: `infrabot could not read \`${echo(result.service.service)}\`'s task definition (${whyUnreadable(result.failure)}), so it does not know its log group. No logs were searched.`,
          },
        ],
      };
    case 'no-log-group':
      return {
        title: 'No logs to search',
        tone: 'warning',
        parts: [
          {
            type: 'text',
            text: `\`${echo(result.service.service)}\`'s task definition \`${echo(result.taskDefinition, 120)}\` sends no container logs to CloudWatch (no \`awslogs\` log driver), so there are no logs infrabot can search.`,
          },
        ],
      };
    default:
      break;
  }
  const window = `${formatLocalTime(result.window.start, timeZone)}–${formatLocalTime(result.window.end, timeZone)}`;
  const stats = 'statistics' in result && result.statistics ? result.statistics : undefined;
  const footer: MessagePart = {
    type: 'context',
    text: [
      `${result.environment}/${result.service.service}`,
      `log group ${result.logGroups.map((g) => `\`${echo(g, 80)}\``).join(', ')}`,
      window,
      ...(stats
        ? [
            `${formatBytes(stats.bytesScanned)} scanned, ${stats.recordsScanned.toLocaleString('en-US')} records, ${stats.recordsMatched.toLocaleString('en-US')} matched`,
          ]
        : []),
      `<${result.link}|full query in CloudWatch ↗>`,
    ].join(' · '),
  };
  const title = `Errors in ${result.environment}/${result.service.service}`;
  switch (result.kind) {
    case 'found': {
      const items: string[] = [];
      let used = 0;
      for (const line of result.lines) {
        const text = `*${line.count}×* \`${safeLogLine(line.message, LINE_MAX)}\`${line.last ? ` · last ${echo(line.last.slice(11, 19), 10)}` : ''}`;
        if (used + text.length > LIST_BUDGET) {
          items.push(`… ${result.lines.length - items.length} more in the full query`);
          break;
        }
        used += text.length;
        items.push(text);
      }
      return {
        title,
        tone: 'warning',
        parts: [
          { type: 'text', text: `Top ${result.lines.length} error messages (${window}, by count):` },
          { type: 'list', items },
          footer,
        ],
      };
    }
    case 'none':
      return {
        title,
        tone: 'success',
        parts: [
          {
            type: 'text',
            text: `No log line matched errors (error, exception, fatal, panic, traceback, unhandled) in ${window}.`,
          },
          footer,
        ],
      };
    case 'query-failed':
      return {
        title,
        tone: 'danger',
        parts: [
          {
            type: 'text',
            text: `The Logs Insights query ended as *${result.status}* without results. Open it in the console to see why, or ask again with a shorter window.`,
          },
          footer,
        ],
      };
    case 'slow':
      return {
        title,
        tone: 'warning',
        parts: [
          {
            type: 'text',
            text: `The Logs Insights query was still running after ${formatDuration(result.waitedMs)}, so infrabot stopped it (a query nobody waits for still costs). Open the full query in the console, or ask again with a shorter window.`,
          },
          footer,
        ],
      };
    case 'unreadable':
      return {
        title,
        tone: 'danger',
        parts: [
          {
            type: 'text',
            text: `infrabot could not ${result.step === 'start' ? 'start' : 'read the results of'} the Logs Insights query: ${whyUnreadable(result.failure)}.`,
          },
          footer,
        ],
      };
  }
}
