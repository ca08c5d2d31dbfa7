import type { AuditEntry } from '../audit/audit-log.js';
import type { Actor, CommandContext, FrontDoor, Services } from './context.js';
import { actorId } from './context.js';
import { explainError } from './explain-error.js';
import type { Message } from './message.js';
import { type ParsedCommand, parseCommand } from './parse.js';
import { type CommandResult, type Completion, denial, failure } from './result.js';

export interface Invocation {
  actor: Actor;
  channelId?: string;
  /** The Slack thread it came from (a button on a thread message), for thread-bound verbs. */
  thread?: CommandContext['thread'];
  frontDoor: FrontDoor;
  services: Services;
  /**
   * The asker answered a confirmation (the button, the terminal prompt) for this line: the audit
   * records it as confirmed, not as a typed `--yes`.
   */
  confirmed?: boolean;
  /** Aborted when the front door gives up (Ctrl-C): long work is interrupted and cleaned up. */
  signal?: AbortSignal;
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
    return { ...failure(`${parsed.error}${usage}`), usage: true };
  }
  return runParsed(parsed.command, invocation);
}

export async function runParsed(command: ParsedCommand, invocation: Invocation): Promise<CommandResult> {
  const { verb, params, flags, line } = command;
  const { actor, channelId, frontDoor, services } = invocation;
  // A confirmed line carries `--yes` only as the grammar's way to say "go ahead": record the words
  // the person asked for, and how they confirmed.
  const confirmation = flags.yes ? (invocation.confirmed ? 'asked' : 'flag') : undefined;
  const asked = confirmation === 'asked' ? line.replace(/\s--yes(?=\s|$)/, '') : line;
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
      command: asked,
      ...(confirmation ? { confirmation } : {}),
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
    ...(invocation.thread ? { thread: invocation.thread } : {}),
    ...(invocation.signal ? { signal: invocation.signal } : {}),
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
    // One audit line per action, written when it has ended, from its structured completion.
    const completion = result.completion ?? Promise.resolve({ outcome: 'ok' as const, detail: '' });
    return {
      ...result,
      progress: auditWhenDone(result.progress, completion, (end) => audit(end.outcome, end.detail)),
    };
  } catch (error) {
    // The terminal's user reads the explained message below; its log keeps the details at debug.
    const level = frontDoor === 'terminal' ? 'debug' : 'error';
    services.logger[level]({ err: error, command: line, actor: actorId(actor) }, 'command failed');
    const text = explainError(error);
    if (verb.mutates) await audit('error', text);
    return failure(text);
  }
}

/** Passes progress through and records how it ended once the last step has been seen. */
async function* auditWhenDone(
  progress: AsyncIterable<Message>,
  completion: Promise<Completion>,
  done: (end: Completion) => Promise<unknown>,
): AsyncIterable<Message> {
  let end: Completion | undefined;
  try {
    for await (const step of progress) yield step;
    end = await completion;
  } catch (error) {
    const text = explainError(error);
    end = { outcome: 'error', detail: text };
    yield { title: 'Failed', tone: 'danger', parts: [{ type: 'text', text }] };
  } finally {
    await done(end ?? { outcome: 'error', detail: 'the progress was not read to its end' });
  }
}
