import { actorLabel } from '../context.js';
import { ok } from '../result.js';
import { defineVerb } from '../verb.js';

const ABILITIES = {
  viewer: 'see status, alarms, schedules and the audit trail',
  operator: 'also stop, start and keep environments up, and request infrastructure changes',
  admin: 'do everything operators can, for every environment that is not protected',
} as const;

export const whoamiVerb = defineVerb<Record<string, never>>({
  name: 'whoami',
  summary: 'Show your infrabot role and what it lets you do',
  args: [],
  role: 'viewer',
  mutates: false,
  examples: ['whoami'],
  params: () => ({ ok: true, value: {} }),
  async handle(_params, ctx) {
    return ok({
      parts: [
        { type: 'text', text: `${actorLabel(ctx.actor)} is *${ctx.role}*: you can ${ABILITIES[ctx.role]}.` },
        ...(ctx.actor.kind === 'terminal'
          ? [
              {
                type: 'context' as const,
                text: 'In the terminal you act with your own AWS credentials; IAM decides what you may change.',
              },
            ]
          : []),
      ],
    });
  },
});
