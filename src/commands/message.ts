/**
 * What a command says, independent of where it is shown. The Slack front door renders it as
 * Block Kit, the terminal as text; handlers never know which.
 *
 * Text uses a small subset of Slack mrkdwn both renderers understand: *bold*, `code`,
 * <https://url|label> links and line breaks.
 */
export type MessagePart =
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: Array<[label: string, value: string]> }
  | { type: 'list'; items: string[] }
  | { type: 'context'; text: string }
  | { type: 'code'; text: string }
  | { type: 'image'; url: string; alt: string }
  | { type: 'divider' };

export interface Button {
  label: string;
  /**
   * The command line this button runs, as the person who clicks it (with their role, audited).
   * Buttons are just another front door to the same grammar: `start dev --yes`, `keep dev 2h`.
   * An empty command dismisses the message (Cancel).
   */
  command: string;
  style?: 'primary' | 'danger';
  /** Ask "are you sure?" in the client before running (Slack confirm dialog, terminal prompt). */
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export type Tone = 'info' | 'success' | 'warning' | 'danger';

export interface Message {
  /** One-line headline, e.g. `dev · stopped since 21:00`. */
  title?: string;
  tone?: Tone;
  parts: MessagePart[];
  buttons?: Button[];
}

export const TONE_EMOJI: Record<Tone, string> = {
  info: 'ℹ️',
  success: '✅',
  warning: '⚠️',
  danger: '🔴',
};

export function textMessage(text: string, tone?: Tone, title?: string): Message {
  return { ...(title ? { title } : {}), ...(tone ? { tone } : {}), parts: [{ type: 'text', text }] };
}

/** Plain text of a message, for Slack's notification fallback and for logs. */
export function messageToPlainText(message: Message): string {
  const lines: string[] = [];
  if (message.title) lines.push(message.title);
  for (const part of message.parts) {
    switch (part.type) {
      case 'text':
      case 'context':
      case 'code':
        lines.push(part.text);
        break;
      case 'fields':
        lines.push(part.fields.map(([k, v]) => `${k}: ${v}`).join('  '));
        break;
      case 'list':
        lines.push(...part.items.map((i) => `• ${i}`));
        break;
      case 'image':
        lines.push(`[${part.alt}]`);
        break;
      case 'divider':
        break;
    }
  }
  return lines.join('\n');
}
