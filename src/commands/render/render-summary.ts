import type { OperationOutcome } from '../../environments/outcome.js';
import { explainFailure } from '../explain-error.js';
import type { Message, MessagePart, Tone } from '../message.js';

/**
 * The last message of a stop or start: what changed, what did not and why, how to retry, and
 * who asked. Its words follow `outcome.kind`; nothing downstream reads its tone.
 */
export function renderSummary(outcome: OperationOutcome, board: MessagePart, actor: string): Message {
  const { environment: env, operation: verb, counts } = outcome;
  const past = verb === 'stop' ? 'stopped' : 'started';
  const countLine = [
    `${counts.changed} changed`,
    ...(counts.unchanged > 0
      ? [`${counts.unchanged} already ${verb === 'stop' ? 'stopped' : 'running'}`]
      : []),
    ...(counts.skipped > 0 ? [`${counts.skipped} skipped`] : []),
    ...(counts.unreadable > 0 ? [`${counts.unreadable} unreadable`] : []),
    `asked by ${actor}`,
  ].join(' · ');
  const parts: MessagePart[] = [board, { type: 'context', text: countLine }];
  const again = `run \`${verb} ${env}\` again: it only touches what is not ${past} yet`;
  let title: string;
  let tone: Tone = 'danger';
  if (!outcome.saved) {
    title = `${env} was not stopped`;
    parts.push({
      type: 'text',
      text: `infrabot could not save the desired counts that \`start ${env}\` needs, so it changed nothing. Check the state store (\`infrabot doctor\`) and retry.`,
    });
    return { title, tone, parts };
  }
  if (outcome.crash) {
    title = `${env}: ${verb} failed`;
    parts.push({
      type: 'text',
      text: `${explainFailure(outcome.crash)}. Some resources may have changed: \`status ${env}\` shows where each one is; run \`${verb} ${env}\` again to finish.`,
    });
    return { title, tone, parts };
  }
  if (outcome.interrupted) {
    title = `${env}: ${verb} interrupted · ${counts.notChanged} not changed`;
    parts.push({
      type: 'text',
      text: `Interrupted before it finished; ${env} is free for the next operation. \`status ${env}\` shows where each resource is; ${again}.`,
    });
    return { title, tone, parts };
  }
  if (outcome.kind === 'ok') {
    title = `${env} ${past}${counts.finishing > 0 ? ` · ${counts.finishing} still finishing` : ''}`;
    tone = counts.finishing > 0 ? 'warning' : 'success';
    parts.push({
      type: 'text',
      text:
        verb === 'stop'
          ? `Desired counts and autoscaling bounds are saved; \`start ${env}\` puts them back.`
          : 'Services are back at their saved desired counts and autoscaling bounds.',
    });
  } else if (counts.notChanged === 0) {
    // Everything planned changed, but part of the environment could not be read at all.
    title = `${env} partly ${past} · ${counts.unreadable} could not be read`;
  } else {
    title = `${env} ${outcome.kind === 'partial' ? `partly ${past}` : `not ${past}`} · ${counts.notChanged} not changed`;
    const names = outcome.results
      .filter(
        (r) =>
          r.reason !== 'unchanged' &&
          r.reason !== 'cannot-change' &&
          r.reason !== 'unreadable' &&
          (r.state === 'failed' || r.state === 'skipped' || r.state === 'pending' || r.state === 'working'),
      )
      .map((r) => r.ref)
      .join(', ');
    parts.push({
      type: 'text',
      text: `*Not changed:* ${names} (reasons above).${counts.changed > 0 ? ' Everything marked ✅ or ⚠️ changed.' : ''} Fix the cause and ${again}.`,
    });
  }
  if (counts.unreadable > 0) {
    const n = counts.unreadable;
    parts.push({
      type: 'text',
      text: `${n} resource${n === 1 ? '' : 's'} could not be read and ${n === 1 ? 'was' : 'were'} left alone: check the names (or tags) under \`environments.${env}\` in infrabot.yml and infrabot's AWS permissions.`,
    });
  }
  return { title, tone, parts };
}
