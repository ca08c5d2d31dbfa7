import { h } from './dom.js';

/**
 * Messages from the page itself (not from Slack): a failed request, an unknown slash command.
 * An aria-live region, so screen readers (and tests) see them.
 */
export function showNotice(text, kind = 'error') {
  const region = document.getElementById('notices');
  if (!region) return;
  const note = h('div', { class: ['notice', kind], role: kind === 'error' ? 'alert' : 'status' }, text);
  region.append(note);
  setTimeout(() => note.remove(), kind === 'error' ? 8000 : 4000);
}
