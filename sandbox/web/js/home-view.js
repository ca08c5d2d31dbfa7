import { renderBlocks } from './blocks.js';
import { h, mount } from './dom.js';
import { runAction } from './interactions.js';
import { blockContext } from './message-view.js';

/**
 * The app's Home tab, in place of the channel pane: the view infrabot published for the person
 * the page acts as (views.publish), with working buttons (block_actions from a `home` view).
 */
export function createHomeView(store, { root, channelRoot }) {
  const title = h('h1', { class: 'channel-title' }, 'infrabot');
  const list = h('div', { class: 'timeline home-body' });
  mount(
    root,
    h('header', { class: 'channel-header' }, title, h('div', { class: 'channel-topic' }, 'Home')),
    list,
  );
  let lastKey = '';

  return function render(state) {
    const showing = state.pane === 'home';
    root.hidden = !showing;
    channelRoot.hidden = showing;
    if (!showing) {
      lastKey = '';
      return;
    }
    const view = state.snapshot?.home?.[state.userId];
    const key = JSON.stringify([state.userId, view?.id, view?.hash, view?.blocks]);
    if (key === lastKey) return;
    lastKey = key;
    if (!view) {
      mount(
        list,
        h('div', { class: 'empty' }, 'Opening App Home… (infrabot publishes it when the tab is opened)'),
      );
      return;
    }
    const ctx = blockContext(store, (element, value, button) =>
      runAction(store, element, value, button, { viewId: view.id }),
    );
    mount(list, h('div', { class: 'home-view' }, renderBlocks(view.blocks, ctx)));
  };
}
