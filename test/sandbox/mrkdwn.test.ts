import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, isSafeUrl, mrkdwnToHtml, plainToHtml } from '../../sandbox/web/js/mrkdwn.js';

/**
 * The page's mrkdwn renderer (a browser module, pure, imported here as is). Bot messages echo
 * what people typed, so the property that matters most: whatever the input, the only tags and
 * attributes in the output are the renderer's own.
 */

const lookup = {
  user: (id: string) => ({ U0ADMIN: 'ada' })[id],
  channel: (id: string) => ({ C0INFRA: 'infra' })[id],
  usergroup: (id: string) => ({ S0PLATFORM: 'platform' })[id],
};

const ALLOWED_TAGS = new Set(['b', 'i', 's', 'code', 'pre', 'blockquote', 'br', 'a', 'span']);

/** Every tag in the HTML with its attributes, parsed the simple way our output allows. */
function tags(html: string): Array<{ name: string; attrs: Record<string, string> }> {
  const out: Array<{ name: string; attrs: Record<string, string> }> = [];
  for (const match of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)) {
    const attrs: Record<string, string> = {};
    for (const attr of (match[2] ?? '').matchAll(/\s([a-z-]+)="([^"]*)"/g)) attrs[attr[1]!] = attr[2]!;
    out.push({ name: match[1]!.toLowerCase(), attrs });
  }
  return out;
}

function expectOnlyOwnMarkup(html: string): void {
  for (const tag of tags(html)) {
    expect(ALLOWED_TAGS.has(tag.name), `unexpected <${tag.name}> in ${html}`).toBe(true);
    for (const name of Object.keys(tag.attrs)) {
      expect(['href', 'target', 'rel', 'class', 'data-user', 'data-channel', 'title']).toContain(name);
    }
    if (tag.attrs.href !== undefined) expect(tag.attrs.href).toMatch(/^(https?:\/\/|mailto:)/i);
  }
  // Nothing that the browser could read as an event handler or a script URL outside an escaped text.
  expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
  expect(html).not.toMatch(/href="\s*(javascript|data|vbscript):/i);
}

describe('mrkdwn escaping', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['"><svg onload=alert(1)>', '&quot;&gt;&lt;svg onload=alert(1)&gt;'],
    ["it's <b>bold</b>", 'it&#39;s &lt;b&gt;bold&lt;/b&gt;'],
  ])('shows %j as text', (input, expected) => {
    const html = mrkdwnToHtml(input, lookup);
    expect(html).toBe(expected);
    expectOnlyOwnMarkup(html);
  });

  it.each([
    '<javascript:alert(1)|x>',
    '<JavaScript:alert(1)|x>',
    '<data:text/html,<script>alert(1)</script>|x>',
    '<vbscript:msgbox(1)|x>',
    '< javascript:alert(1)|x>',
    '<javascript:alert(1)>',
  ])('never makes %j a live link', (input) => {
    const html = mrkdwnToHtml(input, lookup);
    expect(html).not.toContain('<a ');
    expectOnlyOwnMarkup(html);
  });

  it('makes http(s) and mailto links, escaping their URL and label', () => {
    expect(mrkdwnToHtml('<https://example.com/?a=1&amp;b="2"|the *docs*>')).toBe(
      '<a href="https://example.com/?a=1&amp;b=&quot;2&quot;" target="_blank" rel="noopener noreferrer">the *docs*</a>',
    );
    expect(mrkdwnToHtml('<mailto:ops@example.com|mail us>')).toContain('href="mailto:ops@example.com"');
    expect(mrkdwnToHtml('<https://x.test/"onmouseover="alert(1)|x>')).toBe(
      '<a href="https://x.test/&quot;onmouseover=&quot;alert(1)" target="_blank" rel="noopener noreferrer">x</a>',
    );
  });

  it('keeps code and code blocks literal', () => {
    expect(mrkdwnToHtml('run `<b>*x*</b>`')).toBe('run <code>&lt;b&gt;*x*&lt;/b&gt;</code>');
    expect(mrkdwnToHtml('```\n<script>\n*not bold*\n```')).toBe('<pre>&lt;script&gt;\n*not bold*</pre>');
  });

  it('cannot be tricked by the placeholder characters it uses internally', () => {
    const html = mrkdwnToHtml('\uE0000\uE001 <https://a.test|a> \uE000', lookup);
    expect(html).toBe('0 <a href="https://a.test" target="_blank" rel="noopener noreferrer">a</a> ');
  });

  it('escapes mention names and labels', () => {
    expect(mrkdwnToHtml('<@U1|<img src=x onerror=alert(1)>>')).not.toContain('<img');
    expect(mrkdwnToHtml('<@U0BAD"><script>>')).not.toContain('<script');
    expectOnlyOwnMarkup(mrkdwnToHtml('<#C1|"><b>x</b>> <!subteam^S1|<i>x</i>>'));
  });

  it('holds for any text: only its own tags, attributes and safe links', () => {
    const pieces = fc.constantFrom(
      '<',
      '>',
      '&',
      '"',
      "'",
      '*',
      '_',
      '~',
      '`',
      '```',
      '|',
      '\n',
      '> ',
      '<@U0ADMIN>',
      '<#C0INFRA>',
      '<javascript:alert(1)|x>',
      '<https://ok.test|ok>',
      'onerror=',
      '<img src=x ',
      'script',
      '\uE000',
      '\uE001',
      '0',
      ' ',
      'a',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        expectOnlyOwnMarkup(mrkdwnToHtml(parts.join(''), lookup));
      }),
      { numRuns: 500 },
    );
  });
});

describe('mrkdwn formatting', () => {
  it('renders emphasis at word edges only', () => {
    expect(mrkdwnToHtml('*bold* _italic_ ~gone~')).toBe('<b>bold</b> <i>italic</i> <s>gone</s>');
    expect(mrkdwnToHtml('snake_case_name and 2*3*4')).toBe('snake_case_name and 2*3*4');
    expect(mrkdwnToHtml('*Will change*\n• ecs dev/api')).toBe('<b>Will change</b><br>• ecs dev/api');
  });

  it('renders mentions with names from the workspace', () => {
    expect(mrkdwnToHtml('<@U0ADMIN> in <#C0INFRA> for <!subteam^S0PLATFORM> <!here>', lookup)).toBe(
      '<span class="mention" data-user="U0ADMIN">@ada</span> in ' +
        '<span class="mention mention-channel" data-channel="C0INFRA">#infra</span> for ' +
        '<span class="mention">@platform</span> <span class="mention">@here</span>',
    );
  });

  it('renders quotes, Slack entities and emoji shortcodes', () => {
    expect(mrkdwnToHtml('&gt; quoted\nafter')).toBe('<blockquote>quoted</blockquote>after');
    expect(mrkdwnToHtml('a &lt;b&gt; &amp;amp; c')).toBe('a &lt;b&gt; &amp;amp; c');
    expect(mrkdwnToHtml(':white_check_mark: done :unknown:')).toBe('✅ done :unknown:');
  });

  it('treats plain_text as text', () => {
    expect(plainToHtml('<b>x</b> *y* :tada:')).toBe('&lt;b&gt;x&lt;/b&gt; *y* 🎉');
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('accepts only web and mail URLs as links', () => {
    expect(isSafeUrl('https://example.com')).toBe(true);
    expect(isSafeUrl('mailto:a@b.c')).toBe(true);
    expect(isSafeUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeUrl('https://exa mple.com')).toBe(false);
    expect(isSafeUrl('//evil.test')).toBe(false);
  });
});
