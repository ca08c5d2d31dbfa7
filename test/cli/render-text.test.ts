import { describe, expect, it } from 'vitest';
import { mrkdwnToText, renderText } from '../../src/cli/render-text.js';

const plain = { color: false };

describe('mrkdwn for the terminal', () => {
  it('formats nothing inside code, as Slack does: a cron keeps its asterisks', () => {
    expect(mrkdwnToText('Start `0 9 * * 1-5` and *bold*', plain)).toBe('Start "0 9 * * 1-5" and bold');
    expect(mrkdwnToText('```a *b* <https://x|y>```', plain)).toBe('a *b* <https://x|y>');
  });

  it('turns links, mentions and Slack escapes into readable text outside code', () => {
    expect(mrkdwnToText('<https://example.com|docs> by <@U0ADA> in <#C0INFRA|infra> &lt;ok&gt;', plain)).toBe(
      'docs (https://example.com) by @U0ADA in #C0INFRA <ok>',
    );
    expect(mrkdwnToText('`&lt;!channel&gt;`', plain)).toBe('"<!channel>"');
  });

  it('renders a whole message with the same rules', () => {
    const text = renderText(
      { title: 'dev · schedule', parts: [{ type: 'fields', fields: [['Stop', '`0 21 * * 1-5`']] }] },
      plain,
    );
    expect(text).toContain('0 21 * * 1-5');
  });
});
