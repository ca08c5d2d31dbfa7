import { slack } from './api.js';
import { h } from './dom.js';
import { showNotice } from './notice.js';

/**
 * The message box. `/infra …` runs the slash command as the selected user in the current
 * channel, exactly as Slack would send it; anything else is posted as that user's message
 * (in the thread, for the thread pane's box). Enter sends, Shift+Enter breaks the line.
 */
export function createComposer(store, { label, threadTs }) {
  const box = h('textarea', {
    class: 'composer-input',
    rows: 1,
    'aria-label': label(),
    placeholder: label(),
  });
  const send = h('button', { type: 'submit', class: 'btn primary send', 'aria-label': 'Send' }, 'Send');
  const form = h('form', { class: 'composer' }, box, send);

  const submit = async () => {
    const text = box.value.trim();
    if (text === '') return;
    send.disabled = true;
    try {
      if (await deliver(store, text, threadTs?.())) box.value = '';
    } finally {
      send.disabled = false;
      box.focus();
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  return {
    element: form,
    /** Call when the channel or user changes: the placeholder names the channel. */
    relabel() {
      box.setAttribute('aria-label', label());
      box.setAttribute('placeholder', label());
    },
  };
}

/** True when the text went out (the box may be cleared). */
async function deliver(store, text, threadTs) {
  const { userId, channelId } = store.state;
  const slash = /^(\/\S+)(?:\s+([\s\S]*))?$/.exec(text);
  try {
    if (slash) {
      const [, command, rest = ''] = slash;
      if (command !== '/infra') {
        showNotice(`${command} is not a valid command. In this sandbox only /infra is installed.`);
        return false;
      }
      // A failed dispatch needs no notice here: the emulator posts Slack's own ephemeral
      // "/infra failed with the error …", as Slack does.
      await slack.command({ userId, channelId, text: rest.trim(), command });
    } else {
      await slack.message({ userId, channel: channelId, text, threadTs });
    }
    return true;
  } catch (error) {
    showNotice(`Could not send: ${error.message}`);
    return false;
  } finally {
    await store.refresh();
  }
}
