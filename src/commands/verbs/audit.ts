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
    const entries = await ctx.services.audit.recent(count);
    const tz = ctx.services.config.timezone;
    if (entries.length === 0) {
      return ok({ title: 'Audit trail', parts: [{ type: 'text', text: 'Nothing has been recorded yet.' }] });
    }
    return ok({
      title: `Audit trail · last ${entries.length}`,
      parts: [
        {
          type: 'list',
          items: entries.map((e) => auditLine(e, tz)),
        },
      ],
    });
  },
});
