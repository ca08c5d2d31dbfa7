import { echo } from '../../util/echo.js';
import { closest } from '../../util/suggest.js';
import type { Message } from '../message.js';
import { ok } from '../result.js';
import { defineVerb, usageOf } from '../verb.js';

export const helpVerb = defineVerb<{ topic?: string }>({
  name: 'help',
  summary: 'List the commands, or explain one',
  args: [{ name: 'command', description: 'the command to explain', required: false }],
  role: 'viewer',
  mutates: false,
  examples: ['help', 'help stop'],
  params: ({ args }) => ({ ok: true, value: args.command ? { topic: args.command.toLowerCase() } : {} }),
  async handle({ topic }, ctx) {
    const { registry } = ctx.services;
    const prefix = ctx.frontDoor === 'slack' ? '/infra ' : 'infrabot ';
    if (topic) {
      const verb = registry.get(topic);
      if (!verb) {
        const hint = closest(topic, registry.names());
        return {
          outcome: 'error',
          visibility: 'private',
          message: {
            tone: 'warning',
            parts: [
              {
                type: 'text',
                text: `There is no \`${echo(topic)}\` command.${hint ? ` Did you mean \`${hint}\`?` : ''} Type \`${prefix}help\` for the list.`,
              },
            ],
          },
        };
      }
      const message: Message = {
        title: `${prefix}${verb.name}`,
        parts: [
          { type: 'text', text: verb.summary + (verb.details ? `\n${verb.details}` : '') },
          { type: 'code', text: `${prefix}${usageOf(verb)}` },
          ...(verb.args.length + (verb.flags?.length ?? 0) > 0
            ? [
                {
                  type: 'list' as const,
                  items: [
                    ...verb.args.map(
                      (a) => `\`${a.name}\`${a.required ? '' : ' (optional)'}: ${a.description}`,
                    ),
                    ...(verb.flags ?? []).map((f) => `\`--${f.name}\`: ${f.description}`),
                    ...(verb.dryRun ? ['`--dry-run`: show what would change, change nothing'] : []),
                    ...(verb.confirm ? ['`--yes`: skip the confirmation'] : []),
                  ],
                },
              ]
            : []),
          {
            type: 'context',
            text: `Examples: ${verb.examples.map((e) => `\`${prefix}${e}\``).join(' · ')} · needs the ${verb.role} role`,
          },
        ],
      };
      return ok(message);
    }
    return ok({
      title: 'infrabot commands',
      parts: [
        {
          type: 'list',
          items: registry.all().map((v) => `\`${prefix}${usageOf(v)}\` — ${v.summary}`),
        },
        {
          type: 'context',
          text: `\`${prefix}help <command>\` explains one. You are ${ctx.role === 'admin' ? 'an' : 'a'} ${ctx.role}.`,
        },
      ],
    });
  },
});
