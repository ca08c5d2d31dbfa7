import { h, mount } from './dom.js';
import { renderMessage } from './message-view.js';

/**
 * The right-hand thread pane: the parent, its replies (and the user's ephemeral replies in it)
 * and a composer that replies in the thread. Hidden when no thread is open.
 */
export function createThreadView(store, { root, composer }) {
  const heading = h('h2', { class: 'pane-title' }, 'Thread');
  const where = h('span', { class: 'pane-subtitle' });
  const close = h(
    'button',
    {
      type: 'button',
      class: 'icon-button',
      'aria-label': 'Close thread',
      onclick: () => store.set({ thread: null }),
    },
    '✕',
  );
  const list = h('div', { class: 'thread-messages', role: 'log', 'aria-label': 'Thread messages' });
  mount(root, h('header', { class: 'pane-header' }, heading, where, close), list, composer.element);
  let lastKey = '';

  return function render(state) {
    const open = state.thread;
    const channel = open && state.snapshot?.channels.find((c) => c.id === open.channel);
    const parent = channel?.messages.find((m) => m.ts === open.ts);
    root.hidden = !parent;
    document.body.classList.toggle('thread-open', Boolean(parent));
    if (!parent) {
      lastKey = '';
      return;
    }
    const ephemeral = (state.snapshot.ephemeral[state.userId] ?? []).filter(
      ({ channel: c, message }) =>
        c === channel.id && message.thread_ts === parent.ts && !state.dismissed.has(`${c}:${message.ts}`),
    );
    const items = [
      ...(parent.replies ?? []).map((message) => ({ message, ephemeral: false })),
      ...ephemeral.map(({ message }) => ({ message, ephemeral: true })),
    ].sort((a, b) => Number.parseFloat(a.message.ts) - Number.parseFloat(b.message.ts));
    const key = JSON.stringify([state.userId, parent, items]);
    if (key === lastKey) return;
    lastKey = key;
    where.textContent = `#${channel.name}`;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
    const count = parent.replies?.length ?? 0;
    mount(
      list,
      renderMessage(store, parent, { channelId: channel.id, inThread: true }),
      h('div', { class: 'reply-divider' }, `${count} ${count === 1 ? 'reply' : 'replies'}`),
      items.map(({ message, ephemeral: eph }) =>
        renderMessage(store, message, { channelId: channel.id, ephemeral: eph, inThread: true }),
      ),
    );
    if (atBottom) list.scrollTop = list.scrollHeight;
  };
}
