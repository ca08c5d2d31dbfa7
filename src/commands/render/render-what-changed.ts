import { formatLocalTime } from '../../clock.js';
import type {
  ChangeItem,
  ChangeSourceName,
  SourceReport,
  WhatChanged,
} from '../../incidents/change-items.js';
import { nothingChanged } from '../../incidents/change-items.js';
import { formatDuration } from '../../util/duration.js';
import { echo } from '../../util/echo.js';
import { whyUnreadable } from '../explain-error.js';
import type { Message, MessagePart } from '../message.js';

const SOURCE: Record<ChangeSourceName, string> = {
  'ecs-deployments': 'ECS deployments',
  'pull-requests': 'infra pull requests merged',
  'environment-actions': 'stops, starts and keeps',
};

/** Items shown at most: a busy CI must not push the message past Slack's limits. */
const MAX_ITEMS = 20;

function actor(a: { id: string; kind: string; name?: string }): string {
  if (a.kind === 'slack') return `<@${echo(a.id, 20)}>`;
  if (a.kind === 'schedule') return 'the schedule';
  return echo(a.name ?? a.id, 60);
}

export function changeLine(item: ChangeItem, timeZone: string): string {
  const when = formatLocalTime(item.at, timeZone, true);
  switch (item.kind) {
    case 'deployment': {
      const rev =
        item.revision !== undefined
          ? `${echo(item.family ?? '', 60)}:${item.revision}`
          : echo(item.taskDefinition, 120);
      const image = item.imageTag
        ? ` · image \`${echo(item.imageTag, 60)}\``
        : item.imageFailure
          ? ` · image unknown (${whyUnreadable(item.imageFailure)})`
          : '';
      const state = item.rolloutState ? ` · ${rollout(item.rolloutState)}` : '';
      return `${when} · 🚀 deploy of *${echo(item.service, 60)}* → \`${rev}\`${image}${state} · by: not recorded by ECS (CloudTrail has it) · <${item.link}|deployments ↗>`;
    }
    case 'pull-request':
      return `${when} · 🔀 <${item.url}|${echo(item.repo, 60)}#${item.number}> merged: ${echo(item.title, 100)}${item.mergedBy ? ` · by ${echo(item.mergedBy, 40)}` : ''}`;
    case 'environment-action':
      return `${when} · 🛠️ \`${echo(item.command, 80)}\` by ${actor(item.actor)} · ${item.outcome === 'ok' ? 'done' : `ended with an error${item.detail ? `: ${echo(item.detail, 100)}` : ''}`} · \`audit\``;
  }
}

function rollout(state: string): string {
  return state === 'COMPLETED'
    ? 'rollout completed'
    : state === 'FAILED'
      ? '❌ rollout FAILED'
      : '⏳ rollout in progress';
}

function sourceLine(s: SourceReport): string | undefined {
  const name = SOURCE[s.source];
  switch (s.state) {
    case 'read':
      return undefined;
    case 'partial':
      return `⚠️ ${name}: partly unreadable — ${s.unreadable
        .slice(0, 3)
        .map((u) => `${echo(u.label, 60)} (${whyUnreadable(u.failure)})`)
        .join('; ')}`;
    case 'unreadable':
      return `⚠️ ${name}: could not be read (${whyUnreadable(s.failure)})`;
    case 'not-available':
      return `ℹ️ ${name}: not available — ${s.reason}`;
  }
}

/** "What changed" for a thread reply or `changed <env>`. */
export function renderWhatChanged(changes: WhatChanged, timeZone: string): Message {
  const parts: MessagePart[] = [];
  const problems = changes.sources.map(sourceLine).filter((l): l is string => l !== undefined);
  const windows = `deployments since ${formatLocalTime(since(changes, 'ecs-deployments'), timeZone)}, merges and actions since ${formatLocalTime(since(changes, 'pull-requests'), timeZone, true)}`;
  if (nothingChanged(changes)) {
    parts.push({
      type: 'text',
      text: `Nothing changed in *${echo(changes.environment)}* before this: no deployment, no merged infra pull request, no stop or start (${windows}).`,
    });
  } else if (changes.items.length === 0) {
    parts.push({
      type: 'text',
      text: `No change found in what could be read (${windows}) — but not everything could be read, so this is not "nothing changed".`,
    });
  } else {
    const shown = changes.items.slice(0, MAX_ITEMS).map((i) => changeLine(i, timeZone));
    if (changes.items.length > MAX_ITEMS)
      shown.push(`… and ${changes.items.length - MAX_ITEMS} older changes`);
    parts.push({ type: 'list', items: shown });
    parts.push({ type: 'context', text: windows });
  }
  if (problems.length > 0) parts.push({ type: 'list', items: problems });
  parts.push({
    type: 'context',
    text: `${changes.environment} · ${changes.region} · read in ${formatDuration(Math.max(1, Math.round(changes.tookMs)))}`,
  });
  return {
    title: `What changed in ${changes.environment}`,
    tone: problems.some((p) => p.startsWith('⚠️')) ? 'warning' : 'info',
    parts,
  };
}

function since(changes: WhatChanged, source: ChangeSourceName): Date {
  return changes.sources.find((s) => s.source === source)?.since ?? changes.at;
}
