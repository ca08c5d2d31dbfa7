import { slack } from './api.js';
import { createChannelView } from './channel-view.js';
import { createComposer } from './composer.js';
import { createHomeView } from './home-view.js';
import { createModal } from './modal.js';
import { createSidebar } from './sidebar.js';
import { createStore } from './store.js';
import { createThreadView } from './thread-view.js';
import { createWorldPanel } from './world-panel.js';

/**
 * Wires the page: one store, views that redraw from it, Server-Sent Events from the Slack
 * emulator that trigger a refetch (edits, new messages, modals all arrive that way).
 */
const store = createStore();
const channelName = () =>
  store.state.snapshot?.channels.find((c) => c.id === store.state.channelId)?.name ?? '';

const channelComposer = createComposer(store, { label: () => `Message #${channelName()}` });
const threadComposer = createComposer(store, {
  label: () => 'Reply in thread',
  threadTs: () => store.state.thread?.ts,
});

const openThread = (message) => store.set({ thread: { channel: store.state.channelId, ts: message.ts } });

const views = [
  createSidebar(store, { root: document.getElementById('sidebar') }),
  createChannelView(store, {
    root: document.getElementById('channel'),
    composer: channelComposer,
    onOpenThread: openThread,
  }),
  createThreadView(store, { root: document.getElementById('thread'), composer: threadComposer }),
  createHomeView(store, {
    root: document.getElementById('home'),
    channelRoot: document.getElementById('channel'),
  }),
  createModal(store),
  () => channelComposer.relabel(),
];
store.subscribe((state) => {
  for (const render of views) render(state);
});

createWorldPanel({ root: document.getElementById('world') });

const status = document.getElementById('connection');
slack.subscribe(
  () => store.refresh().catch(() => undefined),
  (connected) => {
    status.textContent = connected ? 'live' : 'reconnecting…';
    status.classList.toggle('offline', !connected);
    // After a reconnect, changes may have been missed: catch up.
    if (connected) store.refresh().catch(() => undefined);
  },
);
store.refresh().catch((error) => {
  status.textContent = `cannot reach the Slack emulator: ${error.message}`;
  status.classList.add('offline');
});
