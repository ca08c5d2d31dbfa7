import { echo } from '../../util/echo.js';
import { auditLine } from '../render/render-audit-entry.js';
import { ok } from '../result.js';
import { defineVerb } from '../verb.js';

const MAX = 50;

export const auditVerb = defineVerb<{ count: number }>({
  name: 'audit',
  summary: 'Show the most recent actions: who did what, where, and how it ended',
  args: [{ name: 'n', description: `how many entries (1–${MAX}, default 10)`, required: false }],
  role: 'viewer',
  mutates: false,
  examples: ['audit', 'audit 25'],
  params: ({ args }) => {
    if (args.n === undefined) return { ok: true, value: { count: 10 } };
    const count = Number(args.n);
    if (!Number.isInteger(count) || count < 1 || count > MAX) {
      return {
        ok: false,
        error: `\`${echo(args.n, 20)}\` is not a count: give a whole number from 1 to ${MAX}.`,
      };
    }
    return { ok: true, value: { count } };
  },
  async handle({ count }, ctx) {
    const { entries, unreadable } = await ctx.services.audit.read(count);
    const tz = ctx.services.config.timezone;
    // Never present a trail with holes as complete.
    const skipped =
      unreadable > 0
        ? [
            {
              type: 'text' as const,
              text: `${unreadable} stored ${unreadable === 1 ? 'entry' : 'entries'} could not be read (old format or written by another tool) and ${unreadable === 1 ? 'is' : 'are'} not shown; the log names ${unreadable === 1 ? 'it' : 'them'}.`,
            },
          ]
        : [];
    if (entries.length === 0) {
      return ok({
        title: 'Audit trail',
        parts: [
          { type: 'text', text: unreadable > 0 ? 'No readable entries.' : 'Nothing has been recorded yet.' },
          ...skipped,
        ],
      });
    }
    return ok({
      title: `Audit trail · last ${entries.length}`,
      parts: [
        {
          type: 'list',
          items: entries.map((e) => auditLine(e, tz)),
        },
        ...skipped,
      ],
    });
  },
});
