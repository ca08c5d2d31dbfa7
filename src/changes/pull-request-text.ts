import type { RenderedResource } from './render-resource.js';
import type { ResourceKind } from './resource-kind.js';

/** Who asked and from where, as the PR body records it. */
export interface Requester {
  /** Slack display name and user ID, or the terminal user@host. */
  slackName?: string;
  slackUserId?: string;
  terminal?: string;
  channelId?: string;
  /** Permalink to the Slack thread that follows this PR. */
  threadUrl?: string;
}

const KIND_TITLE: Record<ResourceKind, string> = {
  queue: 'SQS queue',
  bucket: 'S3 bucket',
  table: 'DynamoDB table',
};

export const branchName = (r: RenderedResource): string =>
  `infrabot/add-${r.spec.kind}-${r.spec.name.replace(/\.fifo$/, '-fifo')}`;

export const pullTitle = (r: RenderedResource): string => `Add ${KIND_TITLE[r.spec.kind]} ${r.spec.name}`;

export function commitMessage(r: RenderedResource, requester: Requester): string {
  const who = requester.slackUserId
    ? `${requester.slackName ?? requester.slackUserId} (Slack ${requester.slackUserId})`
    : (requester.terminal ?? 'unknown');
  return `${pullTitle(r)}\n\nRendered by infrabot from ${r.templateOrigin} for ${who}.`;
}

/**
 * The PR body: enough for a reviewer who was not in the Slack conversation — who asked, where,
 * the exact command, what the resource gets by default, and what to check before approving.
 * User-typed text appears only inside code spans, after validation, so it cannot add markup.
 */
/** Slack display names are the user's to choose: keep letters, digits and a few separators only. */
const inert = (text: string): string => text.replace(/[^\p{L}\p{N} ._-]/gu, '').slice(0, 80);

export function pullBody(r: RenderedResource, requester: Requester, command: string): string {
  const who = requester.slackUserId
    ? `${requester.slackName ? `**${inert(requester.slackName)}**` : 'Slack user'} (\`${inert(requester.slackUserId)}\`)`
    : `\`${requester.terminal ?? 'unknown'}\` (terminal)`;
  const lines = [
    `Adds the ${KIND_TITLE[r.spec.kind]} \`${r.spec.name}\` as \`${r.path}\`.`,
    '',
    `- Requested by: ${who}`,
    ...(requester.channelId ? [`- Channel: \`${requester.channelId}\``] : []),
    ...(requester.threadUrl ? [`- Slack thread: ${requester.threadUrl}`] : []),
    `- Command: \`/infra ${command.replace(/`/g, "'")}\``,
    `- Template: ${r.templateOrigin}`,
    '',
    '### What it gets',
    '',
    ...r.defaults.map((d) => `- ${d}`),
    '',
    '### Reviewer checklist',
    '',
    '- [ ] The name and the file location follow our conventions',
    '- [ ] The `terraform plan` check adds only the resources listed above, and changes nothing else',
    '- [ ] Encryption, public access and retention settings fit the data that will live here',
    '- [ ] Someone owns this resource (tags, alarms, cost) after it is applied',
    '',
    '_infrabot never merges: a reviewer does, after the checks pass. Follow-ups are posted in the Slack thread._',
  ];
  return lines.join('\n');
}
