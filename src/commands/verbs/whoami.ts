import { roleAtLeast } from '../../access/roles.js';
import { actorLabel } from '../context.js';
import { ok } from '../result.js';
import { defineVerb } from '../verb.js';

export const whoamiVerb = defineVerb<Record<string, never>>({
  name: 'whoami',
  summary: 'Show your infrabot role and what it lets you do',
  args: [],
  role: 'viewer',
  mutates: false,
  examples: ['whoami'],
  params: () => ({ ok: true, value: {} }),
  async handle(_params, ctx) {
    // What the role allows, read from the verbs that exist: never a promise of one that doesn't.
    // "Changes", not "environments": `add` opens a pull request, it does not touch an environment.
    const verbs = ctx.services.registry.all().filter((v) => roleAtLeast(ctx.role, v.role));
    const changes = verbs.filter((v) => v.mutates).map((v) => `\`${v.name}\``);
    const reads = verbs.filter((v) => !v.mutates).map((v) => `\`${v.name}\``);
    const can = `you can use ${reads.join(', ')}${changes.length > 0 ? `, and make changes with ${changes.join(', ')} (never to a protected environment)` : ''}`;
    return ok({
      parts: [
        { type: 'text', text: `${actorLabel(ctx.actor)} is *${ctx.role}*: ${can}.` },
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
