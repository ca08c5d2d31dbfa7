import type { EmulatorCore } from './core.js';
import { type MessageContent, withGeneratedIds } from './message-content.js';
import type { SlackMessage } from './types.js';

/** The fields Slack stamps on a message posted with the bot token. */
export function botMessageFields(
  core: EmulatorCore,
  content: MessageContent,
): Omit<SlackMessage, 'type' | 'ts'> {
  const { bot, team } = core.workspace;
  const fields: Omit<SlackMessage, 'type' | 'ts'> = {
    user: bot.userId,
    bot_id: bot.botId,
    app_id: bot.appId,
    team: team.id,
    text: content.text,
    bot_profile: { id: bot.botId, app_id: bot.appId, name: bot.name, team_id: team.id, deleted: false },
  };
  if (content.blocks) fields.blocks = withGeneratedIds(content.blocks, core.ids);
  if (content.attachments) fields.attachments = content.attachments;
  return fields;
}

/**
 * How a message appears in API answers: a copy without emulator-only fields. Thread summary
 * fields are kept; Slack includes them in history and replies.
 */
export function publicMessage(message: SlackMessage): SlackMessage {
  const copy = structuredClone(message);
  delete copy.is_ephemeral;
  return copy;
}

/** The content fields a replace (chat.update, replace_original) overwrites. */
export function contentPatch(
  core: EmulatorCore,
  content: MessageContent,
  keepBlocks: boolean,
): Partial<SlackMessage> {
  const patch: Partial<SlackMessage> = { text: content.text };
  if (content.blocks) patch.blocks = withGeneratedIds(content.blocks, core.ids);
  else if (!keepBlocks) patch.blocks = undefined;
  if (content.attachments) patch.attachments = content.attachments;
  return patch;
}
