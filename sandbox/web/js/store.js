import { slack } from './api.js';

/**
 * What the page shows, in one place: the Slack workspace snapshot plus the viewer's choices
 * (who they act as, which channel and thread are open, what they dismissed). Views subscribe
 * and redraw from it; nothing else holds state.
 */
export function createStore() {
  const listeners = new Set();
  const state = {
    snapshot: undefined,
    userId: 'U0ADMIN',
    channelId: 'C0INFRA',
    /** What the middle pane shows: a channel, or the app's Home tab. */
    pane: 'channel',
    /** { channel, ts } of the open thread, or null. */
    thread: null,
    /** Ephemeral messages the user dismissed (`channel:ts`); Slack forgets those client-side too. */
    dismissed: new Set(),
    /** Modals closed from the page. */
    closedViews: new Set(),
  };
  let inFlight;
  let again = false;

  const notify = () => {
    for (const listener of listeners) listener(state);
  };

  return {
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(patch) {
      Object.assign(state, patch);
      notify();
    },
    /** Refetches the workspace; bursts of change events collapse into at most one extra fetch. */
    refresh() {
      if (inFlight) {
        again = true;
        return inFlight;
      }
      inFlight = (async () => {
        try {
          do {
            again = false;
            state.snapshot = await slack.state();
            notify();
          } while (again);
        } finally {
          inFlight = undefined;
        }
      })();
      return inFlight;
    },
  };
}

/** Names for `<@U…>`, `<#C…>` and `<!subteam^S…>` mentions. */
export function lookupFor(snapshot) {
  const users = new Map((snapshot?.users ?? []).map((u) => [u.id, u]));
  const channels = new Map((snapshot?.channels ?? []).map((c) => [c.id, c]));
  const groups = new Map((snapshot?.usergroups ?? []).map((g) => [g.id, g]));
  return {
    user: (id) => {
      const user = users.get(id);
      return user ? user.profile?.display_name || user.name : undefined;
    },
    channel: (id) => channels.get(id)?.name,
    usergroup: (id) => groups.get(id)?.handle,
  };
}

/** "Ada (admin)" → "admin": the demo users carry their infrabot role in their real name. */
export function roleOf(user) {
  return /\(([^)]+)\)\s*$/.exec(user?.real_name ?? '')?.[1];
}
