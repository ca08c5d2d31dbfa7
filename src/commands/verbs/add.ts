import { ChangeError, NO_GITHUB, type Opened, type Preview } from '../../changes/change-service.js';
import { startFollowing } from '../../changes/follow-record.js';
import type { Requester } from '../../changes/pull-request-text.js';
import { RESOURCE_KINDS, type ResourceKind, type ResourceSpec } from '../../changes/resource-kind.js';
import { ADD_FLAGS, parseResourceSpec } from '../../changes/resource-options.js';
import type { PostedRef } from '../../ports/publisher.js';
import type { CommandContext } from '../context.js';
import type { Message } from '../message.js';
import { type CommandResult, failure, ok } from '../result.js';
import { quoteWord } from '../tokenize.js';
import { defineVerb } from '../verb.js';

export const NO_CHANGES =
  'No infra repo is configured: an admin adds `changes: { repo: owner/name }` to infrabot.yml (see infrabot.example.yml).';

interface AddParams {
  spec: ResourceSpec;
  /** The command as parsed, re-quoted: what the PR body records. */
  line: string;
}

function requesterOf(ctx: CommandContext, threadUrl?: string): Requester {
  const actor = ctx.actor;
  return actor.kind === 'slack'
    ? {
        slackUserId: actor.userId,
        ...(actor.userName ? { slackName: actor.userName } : {}),
        ...(ctx.channelId ? { channelId: ctx.channelId } : {}),
        ...(threadUrl ? { threadUrl } : {}),
      }
    : actor.kind === 'terminal'
      ? { terminal: `${actor.user}@${actor.host}` }
      : { terminal: `the schedule (${actor.reason})` };
}

function previewMessage(preview: Preview, repo: string): Message {
  return {
    title: `Dry run · would open a pull request on ${repo}`,
    tone: 'info',
    parts: [
      {
        type: 'fields',
        fields: [
          ['Branch', `\`${preview.branch}\``],
          ['File', `\`${preview.rendered.path}\``],
          ['Title', preview.title],
        ],
      },
      { type: 'code', text: preview.rendered.content },
      { type: 'text', text: '*Pull request text*' },
      { type: 'code', text: preview.body },
      {
        type: 'context',
        text: 'Nothing was sent to GitHub: the repo’s own template and the collision check are applied when the PR is opened for real.',
      },
    ],
  };
}

function openedMessage(opened: Opened, followed: boolean): Message {
  return {
    title: `Pull request opened: ${opened.title}`,
    tone: opened.incomplete.length > 0 ? 'warning' : 'success',
    parts: [
      {
        type: 'text',
        text: `<${opened.pull.url}|#${opened.pull.number} ${opened.title}> · \`${opened.rendered.path}\``,
      },
      { type: 'list', items: opened.rendered.defaults },
      ...(opened.incomplete.length > 0
        ? [{ type: 'text' as const, text: `⚠️ Not complete: ${opened.incomplete.join('; ')}.` }]
        : []),
      {
        type: 'context',
        text: followed
          ? 'Reviews, checks and the merge are posted in this thread. infrabot never merges.'
          : 'infrabot never merges: review and merge it on GitHub.',
      },
    ],
  };
}

function errorText(error: ChangeError): string {
  return error.link ? `${error.message} <${error.link}|Open it>` : error.message;
}

export const addVerb = defineVerb<AddParams>({
  name: 'add',
  summary: 'Add a queue, bucket or table: renders Terraform with secure defaults and opens a pull request',
  details:
    'Validates the name against AWS rules and the repo (no duplicate resource, name or file), renders the template (the repo’s `.infrabot/templates/` first), commits it on `infrabot/add-<kind>-<name>` and opens a PR with reviewers. Reviews, checks and the merge are posted in the thread. infrabot never merges.',
  args: [
    { name: 'kind', description: 'what to add', required: true, choices: RESOURCE_KINDS },
    { name: 'name', description: 'the AWS name of the resource', required: true },
  ],
  flags: ADD_FLAGS.map((f) => ({
    name: f.name,
    description: f.description,
    ...(f.value ? { value: f.value } : {}),
  })),
  role: 'operator',
  mutates: true,
  dryRun: true,
  examples: [
    'add queue orders',
    'add queue orders.fifo --fifo --content-dedup',
    'add bucket acme-exports --kms-key alias/exports',
    'add table sessions --hash-key id:S --ttl expires_at',
    'add queue orders --dry-run',
  ],
  params: ({ args, flags }) => {
    const kind = args.kind as ResourceKind;
    const name = args.name ?? '';
    const result = parseResourceSpec(kind, name, flags);
    if (!result.ok) return { ok: false, error: result.error };
    const words = [
      'add',
      kind,
      name,
      ...Object.entries(flags).map(([k, v]) => (v === true ? `--${k}` : `--${k} ${quoteWord(v)}`)),
    ];
    return {
      ok: true,
      value: { spec: result.spec, line: words.map((w, i) => (i < 3 ? quoteWord(w) : w)).join(' ') },
    };
  },
  async handle({ spec, line }, ctx, flags): Promise<CommandResult> {
    const changes = ctx.services.changes;
    if (!changes) return failure(NO_CHANGES);
    if (flags.dryRun) {
      const preview = await changes.preview(spec, requesterOf(ctx), line);
      return ok(previewMessage(preview, changes.settings.repo));
    }
    if (!changes.connected) return failure(NO_GITHUB);

    // In Slack the PR gets its own thread: announced first, so the PR body can link to it.
    const publisher = ctx.services.publisher;
    let thread: PostedRef | undefined;
    let threadUrl: string | undefined;
    if (publisher && ctx.channelId && ctx.actor.kind === 'slack') {
      thread = await publisher
        .post(ctx.channelId, {
          title: `⏳ Add ${spec.kind} ${spec.name}`,
          parts: [
            // Mentions render in text, not in a header.
            { type: 'text', text: `<@${ctx.actor.userId}> asked to add ${spec.kind} \`${spec.name}\`` },
            { type: 'context', text: `Opening a pull request on ${changes.settings.repo}…` },
          ],
        })
        // Not in the channel, say: the PR still opens, without a thread to follow it in.
        .catch((error: unknown) => {
          ctx.services.logger.warn(
            { err: error, channel: ctx.channelId },
            'could not announce the pull request',
          );
          return undefined;
        });
      if (thread) threadUrl = await publisher.permalink(thread).catch(() => undefined);
    }

    let opened: Opened;
    try {
      opened = await changes.open(spec, requesterOf(ctx, threadUrl), line);
    } catch (error) {
      if (!(error instanceof ChangeError)) throw error;
      if (thread && publisher)
        await publisher
          .update(thread, {
            title: `✗ Could not add ${spec.kind} ${spec.name}`,
            parts: [
              {
                type: 'text',
                text: `<@${ctx.actor.kind === 'slack' ? ctx.actor.userId : ''}> asked to add ${spec.kind} \`${spec.name}\``,
              },
              { type: 'text', text: errorText(error) },
            ],
          })
          .catch((e: unknown) => ctx.services.logger.warn({ err: e }, 'could not update the add thread'));
      return failure(errorText(error));
    }

    const message = openedMessage(opened, thread !== undefined);
    if (thread && publisher) {
      // The PR exists whatever happens here: a Slack or store failure must not hide its link.
      try {
        await publisher.update(thread, {
          title: `📝 Add ${spec.kind} ${spec.name}`,
          parts: [
            {
              type: 'text',
              text: `<@${ctx.actor.kind === 'slack' ? ctx.actor.userId : ''}> asked to add ${spec.kind} \`${spec.name}\``,
            },
            {
              type: 'text',
              text: `<${opened.pull.url}|#${opened.pull.number} ${opened.title}> · follow-ups in this thread`,
            },
          ],
        });
        await publisher.postInThread(thread, message);
        await startFollowing(ctx.services.store, {
          repo: changes.settings.repo,
          number: opened.pull.number,
          url: opened.pull.url,
          thread,
          now: ctx.services.clock.now().getTime(),
        });
      } catch (error) {
        ctx.services.logger.warn(
          { err: error, pr: opened.pull.url },
          'could not set up the pull request thread',
        );
        opened.incomplete.push('the Slack thread could not be set up, so follow-ups will not be posted');
      }
    }
    const result = ok(
      openedMessage(
        opened,
        thread !== undefined && opened.incomplete.every((i) => !i.includes('Slack thread')),
      ),
    );
    const detail = `${opened.pull.url}${opened.incomplete.length ? ` (incomplete: ${opened.incomplete.join('; ')})` : ''}`;
    // A PR without its reviewers is not what was asked for: an error with the link, never success.
    return opened.incomplete.length > 0
      ? { ...result, outcome: 'error', auditDetail: detail }
      : { ...result, auditDetail: detail };
  },
});
