import type { AuditEntry } from '../audit/audit-log.js';
import type { Services } from '../commands/context.js';

/** What someone sees when they run a command while infrabot shuts down. */
export const RESTARTING_TEXT =
  'infrabot is restarting, so nothing was run. Try again in a minute (a new instance takes over).';

/** What the asker sees when shutdown cut their command short. */
export function interruptedNotice(line: string): string {
  return `infrabot was restarted while \`${line.trim()}\` was still running, so it may be only partly done. Check with \`/infra status\`, then run it again if needed (stop and start are safe to repeat).`;
}

/** The audit line for a command cut short by shutdown: its outcome is recorded, not lost. */
export async function recordInterrupted(
  services: Services,
  input: { line: string; actor: AuditEntry['actor']; channelId?: string },
): Promise<void> {
  const words = input.line.trim().split(/\s+/);
  await services.audit.record({
    actor: input.actor,
    command: input.line.trim(),
    verb: words[0] ?? '',
    ...(words[1] && !words[1].startsWith('-') ? { environment: words[1] } : {}),
    ...(input.channelId ? { channelId: input.channelId } : {}),
    frontDoor: 'slack',
    outcome: 'error',
    detail: 'interrupted: infrabot shut down before the command finished',
  });
}
