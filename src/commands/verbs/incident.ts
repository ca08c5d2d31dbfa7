import { echo } from '../../util/echo.js';
import { renderTimeline, timelineMarkdown } from '../render/render-timeline.js';
import { failure, ok } from '../result.js';
import { defineVerb } from '../verb.js';

export const NO_HISTORY =
  'infrabot keeps no incident history here (alert threads are not set up), so it has no timeline to build. Configure `alerts` in infrabot.yml.';

export const incidentVerb = defineVerb<{ action: 'timeline'; id?: string; markdown: boolean }>({
  name: 'incident',
  summary: 'Postmortem timeline of an incident: transitions, acks, reminders, actions, what changed',
  details:
    'In an alert thread (its "Timeline" button) it is the incident of that thread; elsewhere name the incident id shown on the alert. Slack also gets the timeline as a Markdown file; --markdown prints the Markdown here.',
  args: [
    { name: 'action', description: 'what to show', required: true, choices: ['timeline'] },
    { name: 'id', description: 'the incident id (inc-…); optional in its thread', required: false },
  ],
  flags: [{ name: 'markdown', description: 'print the Markdown document instead of the summary' }],
  role: 'viewer',
  mutates: false,
  examples: ['incident timeline inc-7k2m9q', 'incident timeline inc-7k2m9q --markdown'],
  params: ({ args, flags }) => {
    const raw = args.id?.trim().toLowerCase();
    if (raw !== undefined && !/^inc-[0-9a-z]{6}$/.test(raw)) {
      return {
        ok: false,
        error: `\`${echo(args.id ?? '')}\` is not an incident id. Incident ids look like \`inc-7k2m9q\`; each alarm thread shows its own.`,
      };
    }
    return {
      ok: true,
      value: { action: 'timeline', ...(raw ? { id: raw } : {}), markdown: flags.markdown === true },
    };
  },
  async handle({ id, markdown }, ctx) {
    const incidents = ctx.services.incidents;
    if (!incidents?.hasHistory) return failure(NO_HISTORY);
    if (!id && !ctx.thread) {
      return failure(
        'Which incident? Run this from its alert thread (the "Timeline" button), or name it: `incident timeline inc-…`.',
      );
    }
    const incident = await incidents.incident(id ? { id } : { thread: ctx.thread! });
    if (!incident) {
      return failure(
        id
          ? `There is no incident \`${id}\` in infrabot's history. \`/infra alarms\` lists the open ones.`
          : 'This thread belongs to no incident infrabot knows.',
      );
    }
    const timeline = await incidents.timeline(incident);
    const tz = ctx.services.config.timezone;
    const doc = timelineMarkdown(timeline, tz);
    if (markdown) return ok({ title: `Timeline of ${incident.id}`, parts: [{ type: 'code', text: doc }] });
    const message = renderTimeline(timeline, tz);
    const publisher = ctx.services.publisher;
    const channel = ctx.thread?.channel ?? ctx.channelId;
    if (publisher && channel) {
      try {
        await publisher.upload(
          channel,
          {
            filename: `${incident.id}-timeline.md`,
            contentType: 'text/markdown',
            bytes: new TextEncoder().encode(doc),
            title: `Timeline of ${incident.id}`,
            comment: 'Timeline for the postmortem (Markdown).',
          },
          ctx.thread,
        );
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        message.parts.push({
          type: 'context',
          text: `⚠️ The Markdown file could not be uploaded (${echo(why, 120)}); \`incident timeline ${incident.id} --markdown\` prints it.`,
        });
        return { outcome: 'error', message, visibility: 'channel', auditDetail: 'timeline upload failed' };
      }
    }
    return ok(message, 'channel');
  },
});
