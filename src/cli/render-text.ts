import type { Message } from '../commands/message.js';
import { TONE_EMOJI } from '../commands/message.js';
import { unescapeSlack } from '../util/echo.js';

export interface TextStyle {
  color: boolean;
}

const bold = (s: string, style: TextStyle) => (style.color ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s: string, style: TextStyle) => (style.color ? `\x1b[2m${s}\x1b[22m` : s);

/** Slack mrkdwn (the subset handlers use) to terminal text. */
export function mrkdwnToText(text: string, style: TextStyle): string {
  // Like Slack, nothing inside code is formatted: `0 9 * * 1-5` keeps its asterisks. Code spans
  // are cut out first; links, mentions and bold apply only to the text between them.
  return text
    .split(/(```[\s\S]*?```|`[^`\n]+`)/)
    .map((piece, i) => {
      if (i % 2 === 1) {
        if (piece.startsWith('```')) return slackUnescape(piece.slice(3, -3));
        const inner = slackUnescape(piece.slice(1, -1));
        // Inline code: coloured on a terminal, quoted otherwise; never Slack's literal backticks.
        return style.color ? `\x1b[36m${inner}\x1b[39m` : `"${inner}"`;
      }
      return slackUnescape(
        piece
          .replace(/<(https?:[^|>]+)\|([^>]+)>/g, (_m, url: string, label: string) => `${label} (${url})`)
          .replace(/<(https?:[^>]+)>/g, '$1')
          .replace(/<@([A-Z0-9]+)>/g, '@$1')
          .replace(/<#([A-Z0-9]+)(?:\|[^>]*)?>/g, '#$1')
          .replace(/\*([^*\n]+)\*/g, (_m, inner: string) => bold(inner, style)),
      );
    })
    .join('');
}

const slackUnescape = (text: string) => text.replace(/&lt;|&gt;|&amp;/g, unescapeSlack);

/** A Message as readable terminal text; buttons become the commands to type. */
export function renderText(message: Message, style: TextStyle): string {
  const out: string[] = [];
  if (message.title) {
    const mark = message.tone && message.tone !== 'info' ? `${TONE_EMOJI[message.tone]} ` : '';
    out.push(bold(`${mark}${mrkdwnToText(message.title, { color: false })}`, style));
  }
  for (const part of message.parts) {
    switch (part.type) {
      case 'text':
        out.push(mrkdwnToText(part.text, style));
        break;
      case 'code':
        out.push(
          part.text
            .split('\n')
            .map((l) => `  ${l}`)
            .join('\n'),
        );
        break;
      case 'list':
        out.push(...part.items.map((i) => `• ${mrkdwnToText(i, style)}`));
        break;
      case 'fields': {
        const width = Math.max(...part.fields.map(([k]) => k.length));
        out.push(...part.fields.map(([k, v]) => `${k.padEnd(width)}  ${mrkdwnToText(v, style)}`));
        break;
      }
      case 'context':
        out.push(dim(mrkdwnToText(part.text, { color: false }), style));
        break;
      case 'image':
        out.push(dim(`[image: ${part.alt}] ${part.url}`, style));
        break;
      case 'divider':
        out.push(dim('─'.repeat(40), style));
        break;
    }
  }
  const commands = (message.buttons ?? []).filter((b) => b.command.trim() !== '');
  if (commands.length > 0)
    out.push(dim(`Next: ${commands.map((b) => `infrabot ${b.command}`).join('  |  ')}`, style));
  return out.join('\n');
}
