import { describe, expect, it } from 'vitest';
import {
  BLOCK_KIT_LIMITS,
  formatBlockKitIssue,
  validateBlocks,
  validateView,
} from '../../../sandbox/emulators/slack/index.js';
import { sharedEmulator, slackError } from './helpers.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, actionId = 'go') => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: actionId,
});

const ctx = sharedEmulator();

/** Posts blocks and returns the Slack error data. */
function postBlocks(blocks: unknown[]) {
  return slackError(
    ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'fallback', blocks: blocks as never }),
  );
}

describe('message validation through chat.postMessage', () => {
  it('answers invalid_blocks with Slack-style errors and [ERROR] messages', async () => {
    const data = await postBlocks(Array.from({ length: 51 }, () => ({ type: 'divider' })));
    expect(data).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
      response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
    });
  });

  it.each([
    [
      'section text over 3,000 chars',
      [section('x'.repeat(3001))],
      'must be less than 3001 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'header text over 150 chars',
      [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      'must be less than 151 characters [json-pointer:/blocks/0/text/text]',
    ],
    [
      'more than 10 fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
      'no more than 10 items allowed [json-pointer:/blocks/0/fields]',
    ],
    [
      'more than 25 actions elements',
      [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button('b', `a${i}`)) }],
      'no more than 25 items allowed [json-pointer:/blocks/0/elements]',
    ],
    ['an unknown block type', [{ type: 'tabel' }], 'unsupported type: tabel [json-pointer:/blocks/0/type]'],
    [
      'an image without alt_text',
      [{ type: 'image', image_url: 'https://example.com/graph.png' }],
      'missing required field: alt_text [json-pointer:/blocks/0]',
    ],
    [
      'button text over 75 chars',
      [{ type: 'actions', elements: [button('b'.repeat(76))] }],
      'must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]',
    ],
    [
      'a section with neither text nor fields',
      [{ type: 'section' }],
      'must define either `text` or `fields` [json-pointer:/blocks/0]',
    ],
    [
      'mrkdwn in a header',
      [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }],
      'must be a valid enum value [json-pointer:/blocks/0/text/type]',
    ],
  ])('rejects %s', async (_name, blocks, expected) => {
    const data = await postBlocks(blocks);
    expect(data.error).toBe('invalid_blocks');
    expect(data.errors).toContain(expected);
  });

  it('answers no_text, msg_too_long and invalid_blocks_format', async () => {
    expect(await slackError(ctx.client.chat.postMessage({ channel: 'C0OPS', text: '' }))).toMatchObject({
      error: 'no_text',
    });
    expect(
      await slackError(ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'x'.repeat(40_001) })),
    ).toMatchObject({
      error: 'msg_too_long',
    });
    const res = await ctx.client
      .apiCall('chat.postMessage', { channel: 'C0OPS', text: 'x', blocks: '[{' })
      .catch((e) => e.data);
    expect(res).toMatchObject({ error: 'invalid_blocks_format' });
  });

  it('accepts the largest valid message', async () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
      section('x'.repeat(3000)),
      { type: 'section', fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'f' })) },
      { type: 'actions', elements: Array.from({ length: 25 }, (_, i) => button('b'.repeat(75), `a${i}`)) },
      ...Array.from({ length: 46 }, () => ({ type: 'divider' })),
    ];
    const result = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 't'.repeat(40_000), blocks });
    expect(result.ok).toBe(true);
    expect(ctx.slack.message('C0OPS', result.ts!)?.blocks).toHaveLength(50);
  });

  it('validates chat.update and chat.postEphemeral content too', async () => {
    const posted = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'ok' });
    expect(
      await slackError(
        ctx.client.chat.update({ channel: 'C0OPS', ts: posted.ts!, blocks: [{ type: 'nope' }] as never }),
      ),
    ).toMatchObject({ error: 'invalid_blocks' });
    expect(
      await slackError(ctx.client.chat.update({ channel: 'C0OPS', ts: posted.ts! } as never)),
    ).toMatchObject({
      error: 'no_text',
    });
    expect(
      await slackError(ctx.client.chat.postEphemeral({ channel: 'C0OPS', user: 'U0BOB', text: '' })),
    ).toMatchObject({
      error: 'no_text',
    });
  });
});

describe('validateBlocks / validateView (used directly by the bot tests)', () => {
  it('allows 100 blocks in modals and App Home but 50 in messages', () => {
    const blocks = Array.from({ length: 100 }, () => ({ type: 'divider' }));
    expect(validateBlocks(blocks, 'modal')).toEqual([]);
    expect(validateBlocks(blocks, 'home')).toEqual([]);
    expect(validateBlocks(blocks, 'message').map(formatBlockKitIssue)).toEqual([
      'no more than 50 items allowed [json-pointer:/blocks]',
    ]);
    expect(validateBlocks([...blocks, { type: 'divider' }], 'modal')[0]?.message).toBe(
      'no more than 100 items allowed',
    );
    expect(BLOCK_KIT_LIMITS.blocksPerView).toBe(100);
  });

  it('checks elements, options and confirm dialogs', () => {
    const issues = validateBlocks(
      [
        {
          type: 'actions',
          elements: [
            { type: 'overflow', action_id: 'o', options: [] },
            { type: 'button', text: { type: 'plain_text', text: 'Stop' }, style: 'loud' },
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Stop' },
              confirm: { title: { type: 'plain_text', text: 'Sure?' }, text: { type: 'mrkdwn', text: 'x' } },
            },
            { type: 'plain_text_input', action_id: 'p' },
          ],
        },
        { type: 'divider', block_id: 'dup' },
        { type: 'divider', block_id: 'dup' },
      ],
      'message',
    ).map(formatBlockKitIssue);
    expect(issues).toEqual([
      'must provide at least 1 items [json-pointer:/blocks/0/elements/0/options]',
      'must be a valid enum value [json-pointer:/blocks/0/elements/1/style]',
      'missing required field: confirm [json-pointer:/blocks/0/elements/2/confirm]',
      'missing required field: deny [json-pointer:/blocks/0/elements/2/confirm]',
      'unsupported type: plain_text_input [json-pointer:/blocks/0/elements/3/type]',
      'duplicate block_id: dup [json-pointer:/blocks/2/block_id]',
    ]);
  });

  it('rejects message-only blocks in views and validates view fields', () => {
    expect(validateBlocks([{ type: 'markdown', text: '**hi**' }], 'message')).toEqual([]);
    expect(validateBlocks([{ type: 'markdown', text: '**hi**' }], 'modal').map(formatBlockKitIssue)).toEqual([
      'unsupported type: markdown [json-pointer:/blocks/0/type]',
    ]);
    const issues = validateView({
      type: 'modal',
      title: { type: 'plain_text', text: 'A title that is far too long' },
      blocks: [
        { type: 'input', label: { type: 'plain_text', text: 'Env' }, element: { type: 'plain_text_input' } },
      ],
      private_metadata: 'm'.repeat(3001),
    }).map(formatBlockKitIssue);
    expect(issues).toEqual([
      'must be less than 25 characters [json-pointer:/view/title/text]',
      'must provide submit when using input blocks [json-pointer:/view]',
      'must be less than 3001 characters [json-pointer:/view/private_metadata]',
    ]);
    expect(validateView('not a view').map(formatBlockKitIssue)).toEqual([
      'must be an object [json-pointer:/view]',
    ]);
  });

  it('never throws on hostile input', () => {
    for (const hostile of [
      null,
      42,
      'blocks',
      [null],
      [[1]],
      [{ type: 7 }],
      [{ type: 'section', text: 'raw' }],
    ]) {
      expect(() => validateBlocks(hostile, 'message')).not.toThrow();
      expect(validateBlocks(hostile, 'message').length).toBeGreaterThan(0);
    }
  });
});
