import { h, mount } from './dom.js';
import { renderMessage } from './message-view.js';

/**
 * The middle pane: channel header, the timeline (channel messages plus the selected user's
 * ephemeral messages, by time) and the composer. Redraws only when what it shows changed, so
 * an unrelated event does not reset menus or the scroll position.
 */
export function createChannelView(store, { root, composer, onOpenThread }) {
  const title = h('h1', { class: 'channel-title' });
  const topic = h('div', { class: 'channel-topic' });
  const list = h('div', { class: 'timeline', role: 'log', 'aria-label': 'Messages', 'aria-live': 'polite' });
  mount(root, h('header', { class: 'channel-header' }, title, topic), list, composer.element);
  let lastKey = '';
  let lastChannel = '';

  return function render(state) {
    const channel = state.snapshot?.channels.find((c) => c.id === state.channelId);
    if (!channel) return;
    const items = timeline(state, channel);
    const key = JSON.stringify([
      state.userId,
      channel.id,
      items,
      state.snapshot.users.length,
      state.snapshot.files.length,
    ]);
    if (key === lastKey) return;
    lastKey = key;

    title.textContent = `# ${channel.name}`;
    topic.textContent = channel.topic || channel.purpose || '';
    const switched = lastChannel !== channel.id;
    lastChannel = channel.id;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
    mount(
      list,
      items.length === 0
        ? h(
            'div',
            { class: 'empty' },
            `This is the very beginning of #${channel.name}. Try `,
            h('code', {}, '/infra help'),
            '.',
          )
        : items.map(({ message, ephemeral }) =>
            renderMessage(store, message, { channelId: channel.id, ephemeral, onOpenThread }),
          ),
    );
    if (switched || atBottom) list.scrollTop = list.scrollHeight;
  };
}

function timeline(state, channel) {
  const isTopLevel = (m) => !m.thread_ts || m.thread_ts === m.ts || m.subtype === 'thread_broadcast';
  const items = channel.messages.filter(isTopLevel).map((message) => ({ message, ephemeral: false }));
  for (const { channel: where, message } of state.snapshot.ephemeral[state.userId] ?? []) {
    if (where !== channel.id || !isTopLevel(message)) continue;
    if (state.dismissed.has(`${where}:${message.ts}`)) continue;
    items.push({ message, ephemeral: true });
  }
  return items.sort((a, b) => Number.parseFloat(a.message.ts) - Number.parseFloat(b.message.ts));
}
