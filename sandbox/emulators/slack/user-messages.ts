import { EmulatorUsageError } from './core.js';
import type { SlackMessage } from './types.js';
import type { Workspace } from './workspace.js';

/** A message written by a person in the Slack client, as the sandbox page or a test types it. */
export function postUserMessage(
  workspace: Workspace,
  input: { userId: string; channel: string; text: string; threadTs?: string },
): SlackMessage {
  const user = workspace.user(input.userId);
  if (!user) throw new EmulatorUsageError(`unknown user ${input.userId}; seed it with addUser`);
  const channel = workspace.resolveChannel(input.channel);
  if (!channel) throw new EmulatorUsageError(`unknown channel ${input.channel}; seed it with addChannel`);
  if (input.threadTs && !workspace.message(channel.id, input.threadTs)) {
    throw new EmulatorUsageError(`no message ${input.threadTs} in ${channel.id} to reply to`);
  }
  if (input.text.trim() === '') throw new EmulatorUsageError('a message needs text');
  return workspace.postMessage(
    channel.id,
    { user: user.id, team: workspace.team.id, text: input.text },
    { threadTs: input.threadTs },
  );
}
