import { actorLabel, type CommandContext } from '../commands/context.js';
import type { Message } from '../commands/message.js';
import type { CommandResult } from '../commands/result.js';
import { describeUntil } from './keep-request.js';
import { scheduleOf } from './schedule-spec.js';
import { ScheduleState } from './schedule-state.js';
import { scheduleView } from './schedule-view.js';

/**
 * An on-demand `start` while the schedule has the environment off keeps it up for the schedule's
 * `on_demand_keep` (one shared override with `keep`), then the schedule stops it again. The reply
 * says until when, in the confirmation and on every progress step.
 */
export async function withOnDemandKeep(
  result: CommandResult,
  environment: string,
  ctx: CommandContext,
  dryRun: boolean,
): Promise<CommandResult> {
  const { services } = ctx;
  const spec = scheduleOf(services.config, environment);
  if (!spec?.stop || ctx.actor.kind === 'schedule' || result.outcome !== 'ok') return result;
  const now = services.clock.now();
  const view = await scheduleView(services, spec, now);
  if (view.wants !== 'stopped') return result;
  const state = new ScheduleState(services.store);
  const proposed = new Date(now.getTime() + spec.onDemandKeepMs);
  const existing = await state.override(environment, now);
  const until = existing && new Date(existing.until) > proposed ? new Date(existing.until) : proposed;
  if (!dryRun && (!existing || new Date(existing.until) < proposed)) {
    await state.setOverride(environment, {
      until: until.toISOString(),
      reason: 'on-demand-start',
      by: actorLabel(ctx.actor),
      setAt: now.toISOString(),
    });
  }
  const when = describeUntil(until, now, spec.timeZone);
  const note = `Off-hours start: ${environment} stays up until ${when}, then the schedule stops it again (\`keep ${environment} 2h\` for longer).`;
  const annotate = (m: Message): Message => ({ ...m, parts: [...m.parts, { type: 'context', text: note }] });
  const progress = result.progress;
  return {
    ...result,
    message: annotate(result.message),
    ...(progress
      ? {
          progress: (async function* () {
            for await (const step of progress) yield annotate(step);
          })(),
        }
      : {}),
  };
}
