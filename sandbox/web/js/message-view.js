import { fileUrl } from './api.js';
import { renderBlocks } from './blocks.js';
import { h } from './dom.js';
import { runAction } from './interactions.js';
import { mrkdwnToHtml } from './mrkdwn.js';
import { lookupFor } from './store.js';

/**
 * One message as Slack draws it: avatar, name (APP badge for bots), time, blocks (or the text
 * when there are none), shared files, "edited", the "Only visible to you" line of ephemeral
 * messages and the reply count that opens the thread.
 */

/** Block rendering context for a snapshot: names, pickers, and how to load images. */
export function blockContext(store, onAction) {
  const { snapshot } = store.state;
  const byUrl = new Map();
  for (const file of snapshot?.files ?? []) {
    for (const url of [file.url_private, file.url_private_download, file.permalink]) {
      if (url) byUrl.set(url, file.id);
    }
  }
  return {
    lookup: lookupFor(snapshot),
    users: snapshot?.users ?? [],
    channels: snapshot?.channels ?? [],
    imageUrl: (url) => {
      if (url.startsWith('data:image/')) return url;
      const id =
        byUrl.get(url) ??
        /^https?:\/\/(?:127\.0\.0\.1|localhost)(?::\d+)?\/files\/([A-Za-z0-9]+)$/.exec(url)?.[1];
      return id ? fileUrl(id) : undefined;
    },
    onAction,
  };
}

export function renderMessage(
  store,
  message,
  { channelId, ephemeral = false, inThread = false, onOpenThread },
) {
  const { snapshot } = store.state;
  const where = { channel: channelId, messageTs: message.ts };
  const ctx = blockContext(store, (element, value, button) =>
    runAction(store, element, value, button, where),
  );
  const author = authorOf(snapshot, message);
  const replies = message.reply_count ?? message.replies?.length ?? 0;

  const body =
    Array.isArray(message.blocks) && message.blocks.length > 0
      ? renderBlocks(message.blocks, ctx)
      : h('div', { class: 'mrkdwn text', trustedHtml: mrkdwnToHtml(message.text ?? '', ctx.lookup) });

  return h(
    'article',
    {
      class: ['message', ephemeral && 'ephemeral'],
      'data-ts': message.ts,
      'aria-label': `Message from ${author.name}`,
    },
    h('div', { class: ['avatar', `avatar-${author.color}`], 'aria-hidden': 'true' }, author.initial),
    h(
      'div',
      { class: 'message-main' },
      h(
        'div',
        { class: 'message-meta' },
        h('span', { class: 'author' }, author.name),
        author.isBot && h('span', { class: 'app-badge' }, 'APP'),
        h(
          'time',
          {
            class: 'time',
            datetime: isoOf(message.ts),
            title: new Date(secondsOf(message.ts) * 1000).toString(),
          },
          timeOf(message.ts),
        ),
        message.edited && h('span', { class: 'edited' }, '(edited)'),
      ),
      body,
      files(message),
      ephemeral &&
        h(
          'div',
          { class: 'ephemeral-note' },
          'Only visible to you · ',
          h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              onclick: () => {
                store.state.dismissed.add(`${channelId}:${message.ts}`);
                store.set({});
              },
            },
            'Dismiss',
          ),
        ),
      !inThread &&
        !ephemeral &&
        replies > 0 &&
        h(
          'button',
          { type: 'button', class: 'replies', onclick: () => onOpenThread?.(message) },
          `${replies} ${replies === 1 ? 'reply' : 'replies'}`,
          message.latest_reply &&
            h('span', { class: 'latest-reply' }, ` · last reply ${timeOf(message.latest_reply)}`),
        ),
    ),
    !inThread &&
      !ephemeral &&
      h(
        'div',
        { class: 'hover-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'icon-button',
            'aria-label': 'Reply in thread',
            title: 'Reply in thread',
            onclick: () => onOpenThread?.(message),
          },
          'Reply',
        ),
      ),
  );
}

function files(message) {
  const list = Array.isArray(message.files) ? message.files : [];
  if (list.length === 0) return null;
  return h(
    'div',
    { class: 'files' },
    list.map((file) => {
      const src = fileUrl(file.id);
      const name = file.title || file.name || file.id;
      return String(file.mimetype ?? '').startsWith('image/')
        ? h(
            'a',
            { class: 'file-image', href: src, target: '_blank', rel: 'noopener' },
            h('img', { src, alt: file.alt_txt || name, loading: 'lazy' }),
            h('span', { class: 'file-name' }, name),
          )
        : h(
            'a',
            { class: 'file', href: src, target: '_blank', rel: 'noopener', download: file.name },
            `File: ${name}`,
          );
    }),
  );
}

function authorOf(snapshot, message) {
  const user = (snapshot?.users ?? []).find((u) => u.id === message.user);
  const isBot = Boolean(message.bot_id || message.bot_profile || user?.is_bot);
  const name =
    message.bot_profile?.name ?? user?.profile?.display_name ?? user?.name ?? message.user ?? 'unknown';
  let hash = 0;
  for (const ch of String(message.user ?? message.bot_id ?? name))
    hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return {
    name,
    isBot,
    initial: isBot ? 'ib' : name.slice(0, 1).toUpperCase(),
    color: isBot ? 'bot' : hash % 6,
  };
}

const secondsOf = (ts) => Number.parseFloat(ts ?? '0');
const isoOf = (ts) => new Date(secondsOf(ts) * 1000).toISOString();
export const timeOf = (ts) =>
  new Date(secondsOf(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
