import { slack } from './api.js';
import { renderBlocks } from './blocks.js';
import { h, mount } from './dom.js';
import { runAction } from './interactions.js';
import { blockContext } from './message-view.js';
import { showNotice } from './notice.js';

/**
 * Modals opened by the app (views.open / push / update) for the selected user: the top of
 * their stack, drawn with its inputs; Submit sends a view_submission with what was entered,
 * and `response_action: errors` answers are shown under the inputs they name.
 */
export function createModal(store) {
  const dialog = h('dialog', { class: 'modal', 'aria-labelledby': 'modal-title' });
  document.body.append(dialog);
  let shownKey = '';
  let inputs = new Map();

  const closeTop = (view) => {
    store.state.closedViews.add(view.id);
    store.set({});
  };

  return function render(state) {
    const stack = (state.snapshot?.views[state.userId] ?? []).filter((v) => !state.closedViews.has(v.id));
    const view = stack[stack.length - 1];
    if (!view) {
      shownKey = '';
      if (dialog.open) dialog.close();
      return;
    }
    // Redraw only for another view or a new version of it: typed values must survive refreshes.
    const key = `${state.userId}:${view.id}:${view.hash}`;
    if (key === shownKey) return;
    shownKey = key;
    inputs = new Map();
    const ctx = {
      ...blockContext(store, (element, value, button) =>
        runAction(store, element, value, button, { viewId: view.id }),
      ),
      inputs,
    };
    const submitLabel = view.submit?.text;
    const form = h(
      'form',
      { class: 'modal-form', novalidate: true },
      h(
        'header',
        { class: 'modal-header' },
        h('h2', { id: 'modal-title' }, String(view.title?.text ?? 'infrabot')),
        h(
          'button',
          {
            type: 'button',
            class: 'icon-button',
            'aria-label': 'Close dialog',
            onclick: () => closeTop(view),
          },
          '✕',
        ),
      ),
      h('div', { class: 'modal-body' }, renderBlocks(view.blocks, ctx)),
      h(
        'footer',
        { class: 'modal-footer' },
        h(
          'button',
          { type: 'button', class: 'btn', onclick: () => closeTop(view) },
          String(view.close?.text ?? 'Cancel'),
        ),
        submitLabel && h('button', { type: 'submit', class: 'btn primary' }, String(submitLabel)),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit(store, view, form, inputs);
    });
    mount(dialog, form);
    dialog.oncancel = (event) => {
      event.preventDefault();
      closeTop(view);
    };
    if (!dialog.open) dialog.showModal();
  };
}

async function submit(store, view, form, inputs) {
  const values = {};
  for (const [blockId, { actionId, read }] of inputs) values[blockId] = { [actionId]: read() };
  const button = form.querySelector('button[type=submit]');
  if (button) button.disabled = true;
  try {
    const answer = await slack.submitView({ userId: store.state.userId, viewId: view.id, values });
    for (const old of form.querySelectorAll('.input-error')) old.remove();
    if (answer.app?.viewOutcome === 'errors') {
      for (const [blockId, message] of Object.entries(answer.app.viewErrors ?? {})) {
        const block = [...form.querySelectorAll('[data-block-id]')].find(
          (el) => el.dataset.blockId === blockId,
        );
        block?.append(h('div', { class: 'input-error', role: 'alert' }, String(message)));
      }
    } else if (answer.app?.error) {
      showNotice(`infrabot did not answer (${answer.app.error}); the dialog stays open.`);
    }
  } catch (error) {
    showNotice(`Could not submit: ${error.message}`);
  } finally {
    if (button) button.disabled = false;
    await store.refresh();
  }
}
