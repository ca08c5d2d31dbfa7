import { slack } from './api.js';
import { askConfirm } from './confirm-dialog.js';
import { showNotice } from './notice.js';
import { lookupFor } from './store.js';

/**
 * What a click on a Block Kit element does: ask first when the element has a `confirm`, then
 * tell the emulator, which sends the app a signed block_actions request as Slack would.
 * `where` is { channel, messageTs } for a message or { viewId } for a modal.
 */
export async function runAction(store, element, value, button, where) {
  const { userId, snapshot } = store.state;
  if (element.confirm && !(await askConfirm(element.confirm, { lookup: lookupFor(snapshot) }))) return;
  const group = button?.closest('.block-actions, .block-section');
  const controls = group ? [...group.querySelectorAll('button, select')] : [];
  for (const control of controls) control.disabled = true;
  button?.classList.add('busy');
  try {
    const answer = await slack.action({
      userId,
      actionId: element.action_id,
      ...(value !== undefined ? { value } : {}),
      ...where,
    });
    reportAppTrouble(answer.app);
  } catch (error) {
    showNotice(`The click did not reach infrabot: ${error.message}`);
  } finally {
    for (const control of controls) control.disabled = false;
    button?.classList.remove('busy');
    await store.refresh();
  }
}

/** Slack shows the user when the app failed to answer in time; so does the page. */
export function reportAppTrouble(app) {
  if (app?.error && app.error !== 'http_client_error') {
    showNotice(`infrabot did not answer (${app.error}).`);
  }
}
