import { BLOCK_KIT_LIMITS, formatBlockKitIssue, validateBlocks } from './block-kit-validator.js';
import type { IdGenerator } from './ids.js';
import type { Block } from './types.js';

/**
 * The content part of a message (text, blocks, attachments) as chat.postMessage,
 * chat.update, chat.postEphemeral and response_urls validate it.
 */

export interface MessageContent {
  text: string;
  blocks?: Block[];
  attachments?: unknown[];
}

export type SlackFailure = {
  ok: false;
  error: string;
  /** Present on `invalid_blocks`: Slack's list of problems, also echoed in response_metadata. */
  errors?: string[];
  response_metadata?: { messages: string[] };
};

export type ContentResult = { ok: true; content: MessageContent } | SlackFailure;

const MAX_ATTACHMENTS = 100;

/** JSON-typed arguments arrive as strings in form bodies and as values in JSON bodies. */
export function decodeJsonArg(value: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false };
  }
}

export function invalidBlocks(messages: string[]): SlackFailure {
  return {
    ok: false,
    error: 'invalid_blocks',
    errors: messages,
    response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) },
  };
}

/**
 * Reads and validates message content. With `requireContent` (everything but chat.update
 * without new content), a message needs text, blocks or attachments, else `no_text`.
 */
export function readMessageContent(
  args: { text?: unknown; blocks?: unknown; attachments?: unknown },
  requireContent = true,
): ContentResult {
  const text = args.text === undefined || args.text === null ? '' : String(args.text);
  if (text.length > BLOCK_KIT_LIMITS.messageTextChars) return { ok: false, error: 'msg_too_long' };

  let blocks: Block[] | undefined;
  if (args.blocks !== undefined && args.blocks !== '') {
    const decoded = decodeJsonArg(args.blocks);
    if (!decoded.ok || !Array.isArray(decoded.value)) return { ok: false, error: 'invalid_blocks_format' };
    const issues = validateBlocks(decoded.value, 'message');
    if (issues.length > 0) return invalidBlocks(issues.map(formatBlockKitIssue));
    blocks = decoded.value as Block[];
  }

  let attachments: unknown[] | undefined;
  if (args.attachments !== undefined && args.attachments !== '') {
    const decoded = decodeJsonArg(args.attachments);
    if (!decoded.ok || !Array.isArray(decoded.value)) return { ok: false, error: 'invalid_attachments' };
    if (decoded.value.length > MAX_ATTACHMENTS) return { ok: false, error: 'too_many_attachments' };
    attachments = decoded.value;
  }

  const hasContent = text.trim() !== '' || (blocks?.length ?? 0) > 0 || (attachments?.length ?? 0) > 0;
  if (requireContent && !hasContent) return { ok: false, error: 'no_text' };

  const content: MessageContent = { text };
  if (blocks) content.blocks = blocks;
  if (attachments) content.attachments = attachments;
  return { ok: true, content };
}

/**
 * Slack fills in a `block_id` for blocks that have none and an `action_id` for interactive
 * elements that have none; payloads of later clicks carry those generated ids.
 */
export function withGeneratedIds(blocks: Block[], ids: IdGenerator): Block[] {
  return blocks.map((block) => {
    const copy: Block = structuredClone(block);
    if (copy.block_id === undefined) copy.block_id = ids.blockId();
    const fill = (el: unknown) => {
      if (typeof el === 'object' && el !== null && 'type' in el && !('action_id' in el)) {
        const type = (el as { type: unknown }).type;
        if (type !== 'image' && type !== 'plain_text' && type !== 'mrkdwn') {
          (el as Record<string, unknown>).action_id = ids.blockId();
        }
      }
    };
    if (Array.isArray(copy.elements) && copy.type === 'actions') copy.elements.forEach(fill);
    if (copy.accessory) fill(copy.accessory);
    if (copy.element) fill(copy.element);
    return copy;
  });
}
