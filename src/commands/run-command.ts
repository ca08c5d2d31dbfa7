import type { AuditEntry } from '../audit/audit-log.js';
import type { Actor, CommandContext, FrontDoor, Services } from './context.js';
import { actorId } from './context.js';
import { explainError } from './explain-error.js';
import type { Message } from './message.js';
import { type ParsedCommand, parseCommand } from './parse.js';
import { type CommandResult, denial, failure } from './result.js';

export interface Invocation {
  actor: Actor;
  channelId?: string;
  frontDoor: FrontDoor;
  services: Services;
}

/**
 * The one path every command takes, whatever the front door: parse → authorize → confirm →
 * handle → audit. Never throws; every failure is a result with a message that says what to do.
 */
export async function runCommand(input: string, invocation: Invocation): Promise<CommandResult> {
  const { services } = invocation;
  const parsed = parseCommand(input, services.registry, { services });
  if (!parsed.ok) {
    const usage = parsed.usage ? `\nUsage: \`${parsed.usage}\`` : '';
    return failure(`${parsed.error}${usage}`);
  }
  return runParsed(parsed.command, invocation);
}

export async function runParsed(command: ParsedCommand, invocation: Invocation): Promise<CommandResult> {
  const { verb, params, flags, line } = command;
  const { actor, channelId, frontDoor, services } = invocation;
  const environment = verb.environmentArg
    ? ((params as Record<string, unknown>)[verb.environmentArg] as string | undefined)
    : undefined;

  const audit = (outcome: AuditEntry['outcome'], detail?: string) =>
    services.audit.record({
      actor: {
        id: actorId(actor),
        kind: actor.kind,
        ...(actor.kind === 'slack' && actor.userName ? { name: actor.userName } : {}),
        ...(actor.kind === 'schedule' ? { name: actor.reason } : {}),
      },
      command: line,
      verb: verb.name,
      ...(environment ? { environment } : {}),
      ...(channelId ? { channelId } : {}),
      frontDoor,
      outcome,
      ...(detail ? { detail } : {}),
    });

  const decision = await services.access.check({
    actor,
    ...(channelId ? { channelId } : {}),
    verb,
    ...(environment ? { environment } : {}),
  });
  if (!decision.allowed) {
    await audit('denied', decision.reason);
    return denial(decision.reason);
  }

  const ctx: CommandContext = {
    actor,
    frontDoor,
    role: decision.role,
    services,
    ...(channelId ? { channelId } : {}),
  };
  const needsConfirmation = verb.confirm === true && !flags.yes && !flags.dryRun;
  try {
    if (needsConfirmation) {
      // Show what would happen (the dry run) and ask; nothing changes until the yes.
      const plan = await verb.handle(params, ctx, { ...flags, dryRun: true });
      if (plan.outcome !== 'ok' || plan.noChange) return plan;
      return {
        outcome: 'confirm',
        visibility: 'private',
        message: {
          ...plan.message,
          buttons: [
            { label: 'Yes, go ahead', command: `${line} --yes`, style: 'danger' },
            { label: 'Cancel', command: '', style: 'primary' },
          ],
        },
      };
    }
    const result = await verb.handle(params, ctx, flags);
    if (!verb.mutates || flags.dryRun) return result;
    if (!result.progress) {
      await audit(result.outcome === 'ok' ? 'ok' : 'error', result.auditDetail ?? result.message.title);
      return result;
    }
    await audit('started');
    return {
      ...result,
      progress: auditWhenDone(result.progress, (last) => audit(outcomeOf(last), last?.title)),
    };
  } catch (error) {
    services.logger.error({ err: error, command: line, actor: actorId(actor) }, 'command failed');
    const text = explainError(error);
    if (verb.mutates) await audit('error', text);
    return failure(text);
  }
}

function outcomeOf(last: Message | undefined): 'ok' | 'error' {
  return last?.tone === 'danger' ? 'error' : 'ok';
}

/** Passes progress through and records the final outcome once the last step has been seen. */
async function* auditWhenDone(
  progress: AsyncIterable<Message>,
  done: (last: Message | undefined) => Promise<unknown>,
): AsyncIterable<Message> {
  let last: Message | undefined;
  try {
    for await (const step of progress) {
      last = step;
      yield step;
    }
  } catch (error) {
    const text = explainError(error);
    last = { title: 'Failed', tone: 'danger', parts: [{ type: 'text', text }] };
    yield last;
  } finally {
    await done(last);
  }
}
