import { type EmulatorCore, EmulatorUsageError } from './core.js';
import { type SigningMode, signatureHeaders } from './signing.js';

/**
 * How a request from Slack reaches the app: over HTTP to its Request URL (signed), or as a
 * Socket Mode envelope on a WebSocket the app opened. Either way the caller gets the same
 * `AppResponse`, so slash commands, clicks, submissions and events are handled the same after.
 */

/** Slack waits 3 seconds for an acknowledgement. */
export const ACK_TIMEOUT_MS = 3000;

export interface AppResponse {
  /** The app's HTTP status; 0 when there was no answer (timeout, connection refused). Socket Mode acks count as 200. */
  status: number;
  body: string;
  /** The body parsed, when it was JSON (over Socket Mode: the ack's non-empty `payload`). */
  json: unknown;
  timedOut: boolean;
  /** Slack's name for a failed dispatch: operation_timeout, dispatch_failed, http_client_error, http_service_error. */
  error?: string;
  elapsedMs: number;
  /** How it travelled. */
  transport?: Transport;
  /** The response_url and trigger_id that went with the request, for follow-up assertions. */
  responseUrl?: string;
  triggerId?: string;
}

export type Transport = 'http' | 'socket';

/** Socket Mode's envelope types; over HTTP they pick the body encoding. */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface AppEnvelope {
  type: EnvelopeType;
  /** What Slack would POST: the slash command's fields, the interaction payload, or the event_callback. */
  payload: Record<string, unknown>;
  /** Whether an ack's payload means something to Slack (slash commands, view submissions). */
  acceptsResponsePayload: boolean;
  /** Events API retries: 1–3, with Slack's reason (`http_timeout`, `http_error`, …). */
  retry?: { attempt: number; reason: string };
}

export interface DispatchOptions {
  /** How to sign over HTTP (default `valid`); the other modes exist to test the app's 401 answers. */
  signing?: SigningMode;
  timeoutMs?: number;
  /**
   * Default: Socket Mode when the app holds an open connection (or Socket Mode is enabled and
   * there is no Request URL, which fails with `dispatch_failed` like Slack), HTTP otherwise.
   */
  transport?: Transport;
}

/** What socket-mode-server.ts plugs into the core when Socket Mode is enabled (keeps `ws` out of this graph). */
export interface SocketModeHooks {
  /** Whether the app holds at least one open connection. */
  isConnected(): boolean;
  /** A fresh single-use WebSocket URL, as apps.connections.open answers it. */
  issueConnectionUrl(): string;
  /** Sends the envelope on one of the app's connections and waits for its ack. */
  deliver(envelope: AppEnvelope, timeoutMs: number): Promise<AppResponse>;
}

export function dispatchToApp(
  core: EmulatorCore,
  envelope: AppEnvelope,
  options: DispatchOptions,
): Promise<AppResponse> {
  const timeoutMs = options.timeoutMs ?? ACK_TIMEOUT_MS;
  const socketMode = core.socketMode;
  // Like an app's settings: Socket Mode when it is connected, or when it has no Request URL at all.
  const transport =
    options.transport ??
    (socketMode && (socketMode.isConnected() || !core.appEventsUrl()) ? 'socket' : 'http');
  if (transport === 'socket') {
    // Slack tells the user "dispatch_failed" when a Socket Mode app has no connection open.
    if (!socketMode?.isConnected()) return Promise.resolve(failed('dispatch_failed', 0, 'socket'));
    return socketMode.deliver(envelope, timeoutMs);
  }
  return postToRequestUrl(core, envelope, options.signing ?? 'valid', timeoutMs);
}

/** The body Slack POSTs for each envelope type, byte for byte what gets signed. */
export function httpBody(envelope: AppEnvelope): { contentType: string; body: string } {
  switch (envelope.type) {
    case 'slash_commands':
      return {
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams(envelope.payload as Record<string, string>).toString(),
      };
    case 'interactive':
      return {
        contentType: 'application/x-www-form-urlencoded',
        body: new URLSearchParams({ payload: JSON.stringify(envelope.payload) }).toString(),
      };
    case 'events_api':
      return { contentType: 'application/json', body: JSON.stringify(envelope.payload) };
  }
}

export function failed(
  error: string,
  elapsedMs: number,
  transport: Transport,
  timedOut = false,
): AppResponse {
  return { status: 0, body: '', json: undefined, timedOut, error, elapsedMs, transport };
}

/** Parses an answer body the way Slack does: JSON when it is JSON, plain text otherwise. */
export function parseAnswer(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function postToRequestUrl(
  core: EmulatorCore,
  envelope: AppEnvelope,
  signing: SigningMode,
  timeoutMs: number,
): Promise<AppResponse> {
  const url = core.appEventsUrl();
  if (!url) throw new EmulatorUsageError('no app events URL; pass appEventsUrl or call setAppEventsUrl');
  const { contentType, body } = httpBody(envelope);
  // Signed with the wall clock, not the emulator clock: receivers check against their own time.
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signatureHeaders(core.signingSecret, body, signing, Date.now()),
  };
  if (envelope.retry) {
    headers['x-slack-retry-num'] = String(envelope.retry.attempt);
    headers['x-slack-retry-reason'] = envelope.retry.reason;
  }
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const result: AppResponse = {
      status: response.status,
      body: text,
      json: parseAnswer(text),
      timedOut: false,
      elapsedMs: elapsed(),
      transport: 'http',
    };
    if (response.status >= 500) result.error = 'http_service_error';
    else if (response.status >= 400) result.error = 'http_client_error';
    return result;
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return failed(timedOut ? 'operation_timeout' : 'dispatch_failed', elapsed(), 'http', timedOut);
  }
}
