import { textObject } from './blocks.js';
import { h } from './dom.js';

/**
 * Slack's confirmation dialog for elements with a `confirm` object: title, text, and the two
 * buttons it names. Resolves true only for an explicit confirm; Escape or deny resolve false.
 */
export function askConfirm(confirm, ctx) {
  return new Promise((resolve) => {
    const title = String(confirm?.title?.text ?? 'Are you sure?');
    const yes = String(confirm?.confirm?.text ?? 'Yes');
    const no = String(confirm?.deny?.text ?? 'Cancel');
    const dialog = h('dialog', { class: 'confirm-dialog', 'aria-label': title });
    const close = (answer) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    dialog.append(
      h('h2', { class: 'dialog-title' }, title),
      textObject(confirm?.text, ctx, 'div'),
      h(
        'div',
        { class: 'dialog-buttons' },
        h('button', { type: 'button', class: 'btn', onclick: () => close(false) }, no),
        h(
          'button',
          {
            type: 'button',
            class: ['btn', confirm?.style === 'danger' ? 'danger' : 'primary'],
            onclick: () => close(true),
          },
          yes,
        ),
      ),
    );
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
