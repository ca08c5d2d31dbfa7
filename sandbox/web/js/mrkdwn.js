/**
 * Slack mrkdwn → safe HTML. Pure (no DOM), so node tests can import it.
 *
 * Bot messages echo what people typed, so everything is escaped before any markup is added:
 * the only tags in the output are the ones built here (b, i, s, code, pre, blockquote, br, a,
 * span), and the only attribute values that come from the input are http(s)/mailto hrefs,
 * escaped for attributes.
 *
 * Order of work: code blocks and inline code are cut out first (nothing inside them is
 * formatted), then Slack's `<…>` tokens (links, mentions), each replaced by a placeholder; the
 * rest is escaped, emphasis and line breaks are applied, and the placeholders are put back.
 */

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML content and in quoted attribute values. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/** Slack escapes exactly these three in message text; `&lt;` means a literal `<`. */
function decodeSlackEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const SAFE_URL = /^(?:https?:\/\/[^\s]+|mailto:[^\s]+)$/i;

/** Only web and mail links become live; `javascript:`, `data:` and friends stay text. */
export function isSafeUrl(url) {
  return SAFE_URL.test(url);
}

const EMOJI = {
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  rotating_light: '🚨',
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  large_blue_circle: '🔵',
  information_source: 'ℹ️',
  hourglass_flowing_sand: '⏳',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  lock: '🔒',
  tada: '🎉',
  eyes: '👀',
  zzz: '💤',
  rocket: '🚀',
  wrench: '🔧',
  bell: '🔔',
  mute: '🔇',
  chart_with_upwards_trend: '📈',
  thumbsup: '👍',
  '+1': '👍',
};

function emojify(escaped) {
  return escaped.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

// Placeholders live in the Private Use Area; those characters are removed from the input first,
// so a message can never forge one.
const PH_OPEN = '\uE000';
const PH_CLOSE = '\uE001';
const PH_PATTERN = /\uE000(\d+)\uE001/g;
const PH_STRIP = /[\uE000\uE001]/g;

// Emphasis markers must hug their text and sit at word edges, as in Slack: `snake_case_name`
// and `2*3*4` stay as typed.
const BOLD = /(^|[^\p{L}\p{N}_*~])\*(?!\s)([^*\n]*?[^\s*]|[^\s*])\*(?![\p{L}\p{N}_])/gu;
const ITALIC = /(^|[^\p{L}\p{N}_*~])_(?!\s)([^_\n]*?[^\s_]|[^\s_])_(?![\p{L}\p{N}_])/gu;
const STRIKE = /(^|[^\p{L}\p{N}_*~])~(?!\s)([^~\n]*?[^\s~]|[^\s~])~(?![\p{L}\p{N}_])/gu;

/**
 * @param {string} text mrkdwn as Slack stores it
 * @param {{ user?: (id: string) => string | undefined, channel?: (id: string) => string | undefined,
 *   usergroup?: (id: string) => string | undefined }} [lookup] names for mentions
 * @returns {string} HTML
 */
export function mrkdwnToHtml(text, lookup = {}) {
  const pieces = [];
  const hold = (html) => {
    pieces.push(html);
    return `${PH_OPEN}${pieces.length - 1}${PH_CLOSE}`;
  };
  let source = String(text ?? '').replace(PH_STRIP, '');

  source = source.replace(/```([\s\S]*?)```/g, (_, code) =>
    hold(`<pre>${escapeHtml(decodeSlackEntities(code.replace(/^\n/, '').replace(/\n$/, '')))}</pre>`),
  );
  source = source.replace(/`([^`\n]+)`/g, (_, code) =>
    hold(`<code>${escapeHtml(decodeSlackEntities(code))}</code>`),
  );
  source = source.replace(/<([^<>\n]*)>/g, (whole, inner) => {
    const html = renderToken(inner, lookup);
    return html === undefined ? whole : hold(html);
  });

  let html = emojify(escapeHtml(decodeSlackEntities(source)));
  html = html.replace(BOLD, '$1<b>$2</b>').replace(ITALIC, '$1<i>$2</i>').replace(STRIKE, '$1<s>$2</s>');
  html = quoteLines(html);
  html = html.replace(/\n/g, '<br>');
  // Placeholders may nest (a token inside nothing, code never holds one), so one pass suffices.
  return html.replace(PH_PATTERN, (_, index) => pieces[Number(index)] ?? '');
}

/** Plain text for places that take no markup (plain_text objects, button labels): escaped, emoji kept. */
export function plainToHtml(text) {
  return emojify(escapeHtml(String(text ?? '')));
}

/** Lines starting with `>` become block quotes (after escaping, that is `&gt;`). */
function quoteLines(html) {
  const lines = html.split('\n');
  const out = [];
  let quote = [];
  const flush = () => {
    if (quote.length > 0) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  for (const line of lines) {
    const match = /^&gt;\s?(.*)$/.exec(line);
    if (match) quote.push(match[1]);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  // A block quote is a block: no line break is needed right after it.
  return out.join('\n').replace(/<\/blockquote>\n/g, '</blockquote>');
}

/** `<…>` tokens: mentions, special mentions, dates and links. Undefined: not a token, keep as text. */
function renderToken(inner, lookup) {
  const [target, ...rest] = inner.split('|');
  const label = rest.length > 0 ? decodeSlackEntities(rest.join('|')) : undefined;
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const name = label ?? lookup.user?.(id) ?? id;
    return `<span class="mention" data-user="${escapeHtml(id)}">@${escapeHtml(name.replace(/^@/, ''))}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const name = label ?? lookup.channel?.(id) ?? id;
    return `<span class="mention mention-channel" data-channel="${escapeHtml(id)}">#${escapeHtml(name.replace(/^#/, ''))}</span>`;
  }
  if (target.startsWith('!')) {
    const [kind, arg] = target.slice(1).split('^');
    if (kind === 'subteam') {
      const name = label ?? lookup.usergroup?.(arg ?? '') ?? arg ?? 'group';
      return `<span class="mention">@${escapeHtml(name.replace(/^@/, ''))}</span>`;
    }
    if (kind === 'here' || kind === 'channel' || kind === 'everyone') {
      return `<span class="mention">@${escapeHtml(kind)}</span>`;
    }
    // <!date^…|fallback> and anything newer: the fallback is what Slack shows old clients.
    return escapeHtml(label ?? kind);
  }
  const url = decodeSlackEntities(target);
  if (isSafeUrl(url)) {
    return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label ?? url)}</a>`;
  }
  if (label !== undefined || /^[a-z][a-z0-9+.-]*:/i.test(url)) {
    // A link Slack would not make live (javascript:, data:, …): show its label as plain text.
    return `<span class="unsafe-link" title="link not opened: only http(s) and mailto links are">${escapeHtml(label ?? url)}</span>`;
  }
  return undefined;
}
