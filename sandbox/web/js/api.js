/**
 * The page's only way to the emulators: same-origin calls that sandbox/web-server.ts proxies
 * to their `/_emulator/` control APIs.
 */

export class ApiError extends Error {}

async function call(path, body) {
  const response = await fetch(
    path,
    body === undefined
      ? { cache: 'no-store' }
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  let json;
  try {
    json = await response.json();
  } catch {
    throw new ApiError(`${path} answered ${response.status} without JSON`);
  }
  if (!response.ok || json?.ok === false) {
    const reason = json?.error ?? json?.message ?? `HTTP ${response.status}`;
    throw new ApiError(typeof reason === 'string' ? reason : JSON.stringify(reason));
  }
  return json;
}

const seg = (text) => encodeURIComponent(text);

export const slack = {
  state: () => call('/api/slack/state'),
  command: ({ userId, channelId, text, command = '/infra' }) =>
    call('/api/slack/command', { userId, channelId, text, command }),
  /** A click in a message ({ channel, messageTs }) or in a modal ({ viewId }). */
  action: (input) => call('/api/slack/action', input),
  submitView: ({ userId, viewId, values }) => call('/api/slack/view-submission', { userId, viewId, values }),
  /** The user opens the app's Home tab: Slack sends the app `app_home_opened`. */
  openHome: ({ userId }) => call('/api/slack/home-opened', { userId }),
  message: ({ userId, channel, text, threadTs }) =>
    call('/api/slack/message', { userId, channel, text, ...(threadTs ? { threadTs } : {}) }),
  /** Server-Sent Events: `onChange` for every workspace change, `onStatus(connected)` on (re)connects. */
  subscribe(onChange, onStatus) {
    const source = new EventSource('/api/slack/events');
    source.addEventListener('change', (event) => {
      try {
        onChange(JSON.parse(event.data));
      } catch {
        onChange({});
      }
    });
    source.addEventListener('open', () => onStatus(true));
    source.addEventListener('error', () => onStatus(false));
    return () => source.close();
  },
};

/** Where the page can load an uploaded file (the emulator's url_private, proxied). */
export function fileUrl(fileId) {
  return `/api/slack/files/${seg(fileId)}`;
}

export const aws = {
  state: () => call('/api/aws/state'),
  setAlarmState: (name, state) => call('/api/aws/set-alarm-state', { name, state }),
  storm: (count) => call('/api/aws/storm', { count }),
  deployService: (cluster, service) => call('/api/aws/deploy-service', { cluster, service }),
  restartDb: (id) => call('/api/aws/restart-db', { id }),
};

export const github = {
  state: () => call('/api/github/state'),
  review: (owner, repo, number, user, state) =>
    call(`/api/github/repos/${seg(owner)}/${seg(repo)}/pulls/${number}/reviews`, { user, state }),
  merge: (owner, repo, number, by) =>
    call(`/api/github/repos/${seg(owner)}/${seg(repo)}/pulls/${number}/merge`, {
      by,
      merge_method: 'squash',
    }),
};
