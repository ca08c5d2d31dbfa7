import { fail, type MethodHandler } from '../method.js';

/**
 * apps.connections.open: the start of Socket Mode. Called with the app-level token (the router
 * refuses a bot token with `not_allowed_token_type`), it answers a single-use WebSocket URL.
 */
export const appsMethods: Record<string, MethodHandler> = {
  'apps.connections.open': (_params, core) => {
    if (!core.socketMode) {
      // Not a Slack error: the emulator was given an app token but nobody called enableSocketMode.
      console.error('[slack-emulator] apps.connections.open: call enableSocketMode(emulator) first');
      return fail('socket_mode_not_enabled');
    }
    return { ok: true, url: core.socketMode.issueConnectionUrl() };
  },
};
