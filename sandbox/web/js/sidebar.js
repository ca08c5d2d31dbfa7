import { slack } from './api.js';
import { h, mount } from './dom.js';
import { showNotice } from './notice.js';
import { roleOf } from './store.js';

/**
 * The left sidebar: the workspace, who you are acting as (the demo people, with their infrabot
 * role), and the channels. Changing the person changes whose ephemeral messages and modals
 * you see and who runs the commands you type.
 */
export function createSidebar(store, { root }) {
  const team = h('div', { class: 'team-name' });
  const picker = h('select', {
    id: 'acting-as',
    class: 'user-picker',
    onchange: () => {
      store.set({ userId: picker.value });
      // Another person's Home tab is their own: open it for them.
      if (store.state.pane === 'home') openHome(store);
    },
  });
  const home = h(
    'button',
    {
      type: 'button',
      class: 'channel-link app-link',
      onclick: () => {
        store.set({ pane: 'home', thread: null });
        openHome(store);
      },
    },
    'infrabot · Home',
  );
  const role = h('div', { class: 'user-role', 'aria-live': 'polite' });
  const channels = h('ul', { class: 'channel-list', 'aria-label': 'Channels' });
  mount(
    root,
    team,
    h('div', { class: 'acting-as' }, h('label', { for: 'acting-as' }, 'Acting as'), picker, role),
    h('h2', { class: 'sidebar-heading' }, 'Channels'),
    h('nav', { 'aria-label': 'Channels' }, channels),
    h('h2', { class: 'sidebar-heading' }, 'Apps'),
    h('nav', { 'aria-label': 'Apps' }, h('ul', { class: 'channel-list' }, h('li', {}, home))),
  );
  let lastKey = '';
  /** Channel id → message count when last looked at, for the unread badges. */
  const seen = new Map();

  return function render(state) {
    const snapshot = state.snapshot;
    if (!snapshot) return;
    const people = snapshot.users.filter((u) => !u.is_bot && !u.deleted);
    const unread = unreadCounts(state, seen);
    home.classList.toggle('active', state.pane === 'home');
    home.setAttribute('aria-current', state.pane === 'home' ? 'page' : 'false');
    const key = JSON.stringify([
      state.userId,
      state.pane,
      state.channelId,
      people.map((u) => u.id),
      snapshot.channels.map((c) => c.id),
      unread,
    ]);
    if (key === lastKey) return;
    lastKey = key;

    team.textContent = snapshot.team.name;
    mount(
      picker,
      people.map((u) =>
        h(
          'option',
          { value: u.id, selected: u.id === state.userId },
          `${u.name}${roleOf(u) ? ` — ${roleOf(u)}` : ''}`,
        ),
      ),
    );
    const me = people.find((u) => u.id === state.userId);
    role.textContent = me ? `${me.real_name} · ${me.id}` : '';
    mount(
      channels,
      snapshot.channels
        .filter((c) => !c.is_im)
        .map((c) =>
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: [
                  'channel-link',
                  state.pane === 'channel' && c.id === state.channelId && 'active',
                  unread[c.id] && 'unread',
                ],
                'aria-current': state.pane === 'channel' && c.id === state.channelId ? 'page' : undefined,
                // The name stays "# channel"; the unread count is extra information, not the name.
                'aria-description': unread[c.id] ? `${unread[c.id]} new messages` : undefined,
                onclick: () => {
                  seen.set(c.id, c.messages.length);
                  store.set({ channelId: c.id, thread: null, pane: 'channel' });
                },
              },
              `# ${c.name}`,
              unread[c.id]
                ? h('span', { class: 'badge', 'aria-hidden': 'true' }, String(unread[c.id]))
                : null,
            ),
          ),
        ),
    );
  };
}

/** Messages that arrived in other channels since they were last open. */
function unreadCounts(state, seen) {
  const counts = {};
  for (const channel of state.snapshot.channels) {
    if (channel.id === state.channelId || !seen.has(channel.id)) {
      seen.set(channel.id, channel.messages.length);
      continue;
    }
    const fresh = channel.messages.length - seen.get(channel.id);
    if (fresh > 0) counts[channel.id] = fresh;
  }
  return counts;
}

/** Opening the Home tab is an event to the app, which answers with views.publish. */
async function openHome(store) {
  try {
    const answer = await slack.openHome({ userId: store.state.userId });
    if (answer.app?.error) showNotice(`infrabot did not answer (${answer.app.error}).`);
  } catch (error) {
    showNotice(`Could not open App Home: ${error.message}`);
  } finally {
    await store.refresh();
  }
}
