import { formatLocalTime } from '../clock.js';
import type { Button, Message, MessagePart } from '../commands/message.js';
import { formatDuration } from '../util/duration.js';
import type { AlarmStateValue } from './alarm-transition.js';
import {
  type Incident,
  type IncidentMember,
  incidentState,
  isMuted,
  type PendingTransition,
} from './incident.js';

/**
 * What people see of an incident: the parent (edited in place), the thread replies, reminders.
 * Everything that came from an alarm (names, descriptions, reasons) is made inert first: an
 * alarm called `<!channel>` or `*urgent*` shows as typed and notifies nobody.
 */

export const STATE_MARK: Record<AlarmStateValue, string> = { ALARM: '🔴', OK: '🟢', INSUFFICIENT_DATA: '🟡' };
const STATE_WORD: Record<AlarmStateValue, string> = {
  ALARM: 'ALARM',
  OK: 'RESOLVED',
  INSUFFICIENT_DATA: 'INSUFFICIENT DATA',
};

/** Slack mrkdwn made inert: entities escaped (no mentions or links) and no code span broken. */
export function inert(text: string, max = 300): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, "'");
}

/** An alarm name in mrkdwn: as code, so `*bold*` or `_x_` in it stays literal. */
export const nameCode = (name: string): string => `\`${inert(name, 200)}\``;

/** Titles are plain text in the header but mrkdwn in the notification fallback: no angle brackets. */
const titleSafe = (text: string): string => text.slice(0, 140).replace(/</g, '‹').replace(/>/g, '›');

export interface MessageSettings {
  timezone: string;
  now: Date;
}

function consoleBase(region: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}`;
}

function links(member: IncidentMember): string {
  const base = consoleBase(member.region);
  const out: string[] = [];
  if (member.runbook) out.push(`<${member.runbook.replace(/[|>]/g, encodeURIComponent)}|Runbook ↗>`);
  out.push(`<${base}#alarmsV2:alarm/${encodeURIComponent(member.name)}|Alarm ↗>`);
  if (member.metric) {
    const q = `search=${encodeURIComponent(member.metric.name)};namespace=${encodeURIComponent(member.metric.namespace)}`;
    out.push(`<${base}#metricsV2:graph=~();${q}|Metric ↗>`);
  }
  const logsFilter = member.service ?? member.name;
  out.push(
    `<https://${member.region}.console.aws.amazon.com/cloudwatch/home?region=${member.region}#logsV2:log-groups$3FlogGroupNameFilter$3D${encodeURIComponent(logsFilter)}|Logs ↗>`,
  );
  return `${out.join(' · ')}  ·  ${inert(member.account, 20)} / ${inert(member.region, 30)}`;
}

function metricLine(member: IncidentMember): string | undefined {
  const m = member.metric;
  if (!m && !member.expression) return undefined;
  const stat = [m?.stat, m?.period ? formatDuration(m.period * 1000).replace(/^1m$/, '1 min') : undefined]
    .filter(Boolean)
    .join(', ');
  const metric = m
    ? `${inert(m.namespace, 80)} ${inert(m.name, 120)}${stat ? ` (${inert(stat, 40)})` : ''}`
    : '';
  const expr = member.expression ? `${metric ? ' · ' : ''}\`${inert(member.expression, 200)}\`` : '';
  return `*Metric:* ${metric}${expr}`;
}

function members(incident: Incident): IncidentMember[] {
  // Worst first, then by name: what needs eyes is on top.
  const rank: Record<AlarmStateValue, number> = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };
  return Object.values(incident.members).sort(
    (a, b) => rank[a.state] - rank[b.state] || (a.name < b.name ? -1 : 1),
  );
}

const MAX_LISTED = 40;

/** The one ECS service an incident is about: every alarm of it names the same one. */
export function incidentService(incident: Incident): string | undefined {
  const services = new Set(Object.values(incident.members).map((m) => m.service));
  const [only] = services;
  return services.size === 1 ? only : undefined;
}

/** Slack's limit of elements in one actions block (render-blocks.ts renders the buttons as one). */
const MAX_BUTTONS = 25;

/** `extra`: buttons other features add (incident-hooks.ts), after the alert's own. */
export function parentMessage(
  incident: Incident,
  s: MessageSettings,
  extra: readonly Button[] = [],
): Message {
  const list = members(incident);
  const first = list[0];
  const state = incidentState(incident);
  const resolved = incident.status === 'resolved';
  const word = resolved ? 'RESOLVED' : STATE_WORD[state];
  const mark = resolved ? STATE_MARK.OK : STATE_MARK[state];
  const grouped = list.length > 1;
  const title = grouped
    ? `${mark} ${word}  ${incident.environment ?? 'alarms'} · ${list.length} alarms`
    : `${mark} ${word}  ${first?.name ?? incident.id}`;
  const parts: MessagePart[] = [];
  if (grouped) {
    const firing = list.filter((m) => m.state !== 'OK').length;
    parts.push({ type: 'text', text: `${firing} of ${list.length} alarms firing` });
    parts.push({
      type: 'list',
      items: list
        .slice(0, MAX_LISTED)
        .map((m) => `${STATE_MARK[m.state]} ${nameCode(m.name)} — ${inert(m.reason)}`),
    });
    if (list.length > MAX_LISTED)
      parts.push({ type: 'context', text: `…and ${list.length - MAX_LISTED} more in the thread.` });
  } else if (first) {
    parts.push({ type: 'text', text: inert(first.reason) });
  }
  const fields: Array<[string, string]> = [];
  if (incident.environment) fields.push(['Environment', inert(incident.environment, 60)]);
  if (!grouped && first?.service) fields.push(['Service', inert(first.service, 60)]);
  fields.push(['Since', formatLocalTime(new Date(incident.openedAt), s.timezone)]);
  parts.push({ type: 'fields', fields });
  if (!grouped && first) {
    const metric = metricLine(first);
    if (metric) parts.push({ type: 'text', text: metric });
  }
  if (first) parts.push({ type: 'context', text: links(first) });
  if (incident.ack) {
    parts.push({
      type: 'context',
      text: `✋ Acked by <@${inert(incident.ack.by, 30)}> ${formatLocalTime(new Date(incident.ack.at), s.timezone)}`,
    });
  }
  if (!resolved && isMuted(incident, s.now) && incident.mute) {
    const until = incident.mute.untilOk
      ? 'until OK'
      : `until ${formatLocalTime(new Date(incident.mute.until ?? s.now), s.timezone)}`;
    parts.push({
      type: 'context',
      text: `🔕 Muted ${until} by <@${inert(incident.mute.by, 30)}>: transitions are recorded, not posted`,
    });
  }
  if (resolved && incident.resolvedAt) {
    const after = Date.parse(incident.resolvedAt) - Date.parse(incident.openedAt);
    const acked = incident.ack ? ` · acked by <@${inert(incident.ack.by, 30)}>` : '';
    parts.push({
      type: 'text',
      text: `*Resolved ${formatLocalTime(new Date(incident.resolvedAt), s.timezone)} after ${formatDuration(Math.max(after, 1000))}*${acked}`,
    });
  }
  parts.push({ type: 'context', text: `Incident \`${incident.id}\`` });
  const message: Message = { title: titleSafe(title), parts };
  const buttons = [...(resolved ? [] : incidentButtons(incident)), ...extra].slice(0, MAX_BUTTONS);
  if (buttons.length > 0) message.buttons = buttons;
  return message;
}

export function incidentButtons(incident: Incident): Button[] {
  const buttons: Button[] = [];
  if (!incident.ack) buttons.push({ label: 'Acknowledge', command: `ack ${incident.id}`, style: 'primary' });
  buttons.push({ label: 'Mute 1h', command: `mute ${incident.id} 1h` });
  buttons.push({ label: 'Mute until OK', command: `mute ${incident.id} until-ok` });
  buttons.push({ label: 'Show graph', command: `graph ${incident.id}` });
  return buttons;
}

/** Lines per thread reply: a storm's transitions go in few replies, each within Slack's limits. */
export const TRANSITIONS_PER_REPLY = 150;

export function transitionsMessage(transitions: readonly PendingTransition[], s: MessageSettings): Message {
  if (transitions.length === 1) {
    const t = transitions[0]!;
    const word = t.state === 'OK' ? 'OK' : STATE_WORD[t.state];
    return {
      parts: [
        {
          type: 'text',
          text: `${STATE_MARK[t.state]} *${word}* ${nameCode(t.name)} ${t.previousState ? `(was ${t.previousState}) ` : ''}— ${inert(t.reason)} · ${formatLocalTime(new Date(t.at), s.timezone)}`,
        },
      ],
    };
  }
  return {
    parts: [
      { type: 'text', text: `*${transitions.length} state changes*` },
      {
        type: 'list',
        items: transitions.map(
          (t) =>
            `${STATE_MARK[t.state]} ${nameCode(t.name)} → ${t.state} — ${inert(t.reason, 160)} · ${formatLocalTime(new Date(t.at), s.timezone)}`,
        ),
      },
    ],
  };
}

export function reminderMessage(incident: Incident, s: MessageSettings): Message {
  const since = Date.parse(incident.openedAt);
  return {
    parts: [
      {
        type: 'text',
        text: `⏰ Still in ALARM after ${formatDuration(s.now.getTime() - since)} and nobody has acknowledged it. Acknowledge or mute it to stop these reminders.`,
      },
    ],
    buttons: incidentButtons(incident).filter((b) => b.label !== 'Show graph'),
  };
}
