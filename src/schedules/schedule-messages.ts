import { formatLocalTime } from '../clock.js';
import type { Message } from '../commands/message.js';
import type { RunningResource, RunOutcome } from './environment-operations.js';
import type { ScheduleSpec } from './schedule-spec.js';

/** The warning before a stop, with the three ways out. Buttons are command lines, run as the clicker. */
export function stopWarning(spec: ScheduleSpec, stopAt: Date, now: Date): Message {
  const env = spec.environment;
  const minutes = Math.max(1, Math.round((stopAt.getTime() - now.getTime()) / 60_000));
  return {
    title: `${env} stops in ${minutes} min (${formatLocalTime(stopAt, spec.timeZone)})`,
    tone: 'warning',
    parts: [
      {
        type: 'text',
        text: `The schedule stops *${env}* at ${formatLocalTime(stopAt, spec.timeZone)}. Still working on it? Keep it running and the schedule takes over again afterwards.`,
      },
    ],
    buttons: [
      { label: 'Keep running 2h', command: `keep ${env} 2h`, style: 'primary' },
      ...(spec.start ? [{ label: "Keep until tomorrow's start", command: `keep ${env} until start` }] : []),
      { label: 'Stop now', command: `stop ${env} --yes`, style: 'danger' },
    ],
  };
}

/** A scheduled stop that waits because the environment is in use. */
export function stopPostponed(spec: ScheduleSpec, reasons: string[], dueAt: Date): Message {
  const env = spec.environment;
  return {
    title: `${env}: scheduled stop postponed — in use`,
    tone: 'warning',
    parts: [
      {
        type: 'text',
        text: `The ${formatLocalTime(dueAt, spec.timeZone)} stop of *${env}* waits because ${reasons.join('; ')}. infrabot looks again every minute and stops it once it is idle.`,
      },
    ],
    buttons: [
      {
        label: 'Stop anyway',
        command: `stop ${env} --yes`,
        style: 'danger',
        confirm: {
          title: `Stop ${env} now?`,
          text: `It looks in use: ${reasons.join('; ')}.`,
          confirm: 'Stop it',
          deny: 'Wait',
        },
      },
      { label: 'Keep running 2h', command: `keep ${env} 2h` },
    ],
  };
}

const CAUSE: Record<RunningResource['cause'], string> = {
  'aws-auto-restart': 'AWS restarted it after 7 days stopped',
  'started-outside-infrabot': 'started outside infrabot',
};

/** Watchfulness: found running during off-hours, being stopped again. */
export function deviationNotice(spec: ScheduleSpec, running: RunningResource[]): Message {
  const env = spec.environment;
  return {
    title: `${env} was running during off-hours — stopping it again`,
    tone: 'warning',
    parts: [
      { type: 'list', items: running.map((r) => `${r.label}: ${CAUSE[r.cause]}`) },
      {
        type: 'text',
        text: `The schedule has *${env}* off now. To use it tonight, \`start ${env}\` (it stays up for ${Math.round(spec.onDemandKeepMs / 60_000)} min) or \`keep ${env} 2h\` after starting.`,
      },
    ],
  };
}

/** A scheduled action that did not (fully) happen: what happened and what to do. */
export function scheduledFailure(
  spec: ScheduleSpec,
  action: 'start' | 'stop',
  outcome: RunOutcome,
  detail: Message | undefined,
): Message {
  const env = spec.environment;
  const what =
    outcome === 'partial'
      ? `The scheduled ${action} of *${env}* was only partly done: some resources did not change (see the progress message).`
      : outcome === 'refused'
        ? `The scheduled ${action} of *${env}* did not run.`
        : `The scheduled ${action} of *${env}* failed.`;
  return {
    title: `${env}: scheduled ${action} ${outcome === 'partial' ? 'partly done' : 'failed'}`,
    tone: 'danger',
    parts: [
      { type: 'text', text: what },
      ...(detail?.parts.filter((p) => p.type === 'text').slice(0, 2) ?? []),
      {
        type: 'text',
        text: `What to do: \`status ${env}\` shows each resource; fix the cause, then \`${action} ${env}\` finishes the job (it only touches what is not ${action === 'stop' ? 'stopped' : 'running'} yet). infrabot does not retry this ${action} by itself.`,
      },
    ],
    buttons: [
      {
        label: `${action === 'stop' ? 'Stop' : 'Start'} ${env} again`,
        command: `${action} ${env} --yes`,
        style: 'primary',
      },
      { label: 'Status', command: `status ${env}` },
    ],
  };
}
