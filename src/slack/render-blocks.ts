import type { types as slackTypes } from '@slack/bolt';

type KnownBlock = slackTypes.KnownBlock;

import { type Message, messageToPlainText, TONE_EMOJI } from '../commands/message.js';

/** Slack's limits (https://api.slack.com/reference/block-kit/blocks), kept here so no message is rejected. */
export const LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3_000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2_000,
  buttonText: 75,
  buttonValue: 2_000,
  contextText: 3_000,
  fallbackText: 4_000,
} as const;

export const RUN_ACTION_PREFIX = 'infrabot.run';

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Splits long text at line breaks so each piece fits a section. */
function chunks(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const piece = clip(line, max);
    if (current && current.length + 1 + piece.length > max) {
      out.push(current);
      current = piece;
    } else {
      current = current ? `${current}\n${piece}` : piece;
    }
  }
  if (current) out.push(current);
  return out;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** A Message as Block Kit, within Slack's limits, plus the plain-text fallback for notifications. */
export function renderBlocks(message: Message): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [];
  if (message.title) {
    const title =
      message.tone && message.tone !== 'info'
        ? `${TONE_EMOJI[message.tone]} ${message.title}`
        : message.title;
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: clip(title, LIMITS.headerText), emoji: true },
    });
  }
  for (const part of message.parts) {
    switch (part.type) {
      case 'text':
        for (const piece of chunks(part.text, LIMITS.sectionText)) blocks.push(section(piece));
        break;
      case 'code':
        for (const piece of chunks(part.text, LIMITS.sectionText - 8))
          blocks.push(section(`\`\`\`${piece}\`\`\``));
        break;
      case 'list':
        for (const piece of chunks(part.items.map((i) => `• ${i}`).join('\n'), LIMITS.sectionText)) {
          blocks.push(section(piece));
        }
        break;
      case 'fields':
        for (let i = 0; i < part.fields.length; i += LIMITS.fieldsPerSection) {
          blocks.push({
            type: 'section',
            fields: part.fields.slice(i, i + LIMITS.fieldsPerSection).map(([label, value]) => ({
              type: 'mrkdwn' as const,
              text: clip(`*${label}*\n${value}`, LIMITS.fieldText),
            })),
          });
        }
        break;
      case 'context':
        blocks.push({
          type: 'context',
          elements: [{ type: 'mrkdwn', text: clip(part.text, LIMITS.contextText) }],
        });
        break;
      case 'image':
        blocks.push({ type: 'image', image_url: part.url, alt_text: clip(part.alt, 2_000) });
        break;
      case 'divider':
        blocks.push({ type: 'divider' });
        break;
    }
  }
  const buttons = (message.buttons ?? []).slice(0, 25);
  const room = LIMITS.blocksPerMessage - (buttons.length > 0 ? 1 : 0);
  if (blocks.length > room) {
    blocks.splice(room - 1, blocks.length - room + 1, {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '…cut short: the full answer is too long for one Slack message.' }],
    });
  }
  if (buttons.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'infrabot.actions',
      elements: buttons.map((b, i) => ({
        type: 'button' as const,
        action_id: `${RUN_ACTION_PREFIX}.${i}`,
        text: { type: 'plain_text' as const, text: clip(b.label, LIMITS.buttonText), emoji: true },
        value: clip(b.command, LIMITS.buttonValue),
        ...(b.style ? { style: b.style } : {}),
        ...(b.confirm
          ? {
              confirm: {
                title: { type: 'plain_text' as const, text: clip(b.confirm.title, 100) },
                text: { type: 'mrkdwn' as const, text: clip(b.confirm.text, 300) },
                confirm: { type: 'plain_text' as const, text: clip(b.confirm.confirm, 30) },
                deny: { type: 'plain_text' as const, text: clip(b.confirm.deny, 30) },
              },
            }
          : {}),
      })),
    });
  }
  return { text: clip(messageToPlainText(message) || ' ', LIMITS.fallbackText), blocks };
}
