import type { AppEnvelope, DispatchOptions } from './app-dispatch.js';
import { type EmulatorCore, EmulatorUsageError } from './core.js';

/**
 * Events API deliveries: the `event_callback` envelope Slack POSTs (or sends over Socket Mode
 * as `events_api`) around an event such as `app_home_opened`, with the fields Slack fills in.
 */

/** An inner event as Slack puts it in `event`; `type` is required, the rest depends on it. */
export interface SlackEventInput {
  type: string;
  [field: string]: unknown;
}

export interface SendEventOptions extends DispatchOptions {
  /** A redelivery (Slack retries up to 3 times): sent as `X-Slack-Retry-Num` / `retry_attempt`. */
  retryAttempt?: number;
  /** Why Slack retried: `http_timeout`, `too_many_redirects`, `connection_failed`, `ssl_error`, `http_error`, `unknown_error`. */
  retryReason?: string;
}

const MAX_RETRIES = 3;

export function eventEnvelope(
  core: EmulatorCore,
  input: SlackEventInput,
  options: SendEventOptions,
): AppEnvelope {
  const event = completeEvent(core, input);
  const { workspace } = core;
  const payload = {
    token: core.verificationToken,
    team_id: workspace.team.id,
    context_team_id: workspace.team.id,
    context_enterprise_id: null,
    api_app_id: workspace.bot.appId,
    event,
    type: 'event_callback',
    event_id: core.ids.next('Ev'),
    event_time: Math.floor(core.clock() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: workspace.team.id,
        user_id: workspace.bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ et: event.type, tid: workspace.team.id, aid: workspace.bot.appId })).toString('base64url')}`,
  };
  const envelope: AppEnvelope = { type: 'events_api', payload, acceptsResponsePayload: false };
  if (options.retryAttempt !== undefined && options.retryAttempt !== 0) {
    if (
      !Number.isInteger(options.retryAttempt) ||
      options.retryAttempt < 0 ||
      options.retryAttempt > MAX_RETRIES
    ) {
      throw new EmulatorUsageError(
        `retryAttempt must be 0–${MAX_RETRIES} (Slack retries an event at most 3 times)`,
      );
    }
    envelope.retry = { attempt: options.retryAttempt, reason: options.retryReason ?? 'http_timeout' };
  }
  return envelope;
}

/** The event with the fields Slack always sends filled in (`event_ts`; for App Home: channel, tab, view). */
function completeEvent(core: EmulatorCore, input: SlackEventInput): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || typeof input.type !== 'string' || input.type === '') {
    throw new EmulatorUsageError('sendEvent needs an event object with a string "type"');
  }
  const { workspace } = core;
  if (input.user !== undefined) {
    if (typeof input.user !== 'string' || !workspace.user(input.user)) {
      throw new EmulatorUsageError(`unknown user ${String(input.user)}; seed it with addUser`);
    }
  }
  const event: Record<string, unknown> = { ...structuredClone(input) };
  if (input.type === 'app_home_opened') {
    if (typeof input.user !== 'string') throw new EmulatorUsageError('app_home_opened needs "user"');
    const tab = input.tab ?? 'home';
    if (tab !== 'home' && tab !== 'messages') {
      throw new EmulatorUsageError('app_home_opened "tab" is "home" or "messages"');
    }
    event.tab = tab;
    // The app's DM with the user; Slack sends it even for the Home tab.
    event.channel ??= workspace.resolveChannel(input.user)?.id;
    // Slack includes the user's current Home view once the app has published one.
    const home = workspace.views.home(input.user);
    if (home && event.view === undefined) event.view = structuredClone(home);
  }
  event.event_ts ??= (core.clock() / 1000).toFixed(6);
  return event;
}
