import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppRequests } from './app-requests.js';
import { type EmulatorCore, EmulatorUsageError } from './core.js';
import { BodyTooLargeError, MAX_BODY_BYTES, readBody, sendJson } from './http-util.js';
import type { SseHub } from './sse.js';
import { workspaceSnapshot } from './state-snapshot.js';
import { postUserMessage } from './user-messages.js';
import type { SubmittedValues } from './view-state.js';

/**
 * `/_emulator/*` — the sandbox page's window into the workspace (not part of Slack):
 *   GET  state            the whole workspace as JSON
 *   GET  events           Server-Sent Events, one `change` per workspace change
 *   POST command          { userId, channelId, text, command? }          → a slash command
 *   POST action           { userId, channel, messageTs, actionId, value? } or { userId, viewId, actionId, value? }
 *   POST view-submission  { userId, viewId, values }
 *   POST message          { userId, channel, text, threadTs? }             → a person writes in a channel/thread
 * POSTs that reach the app answer `{ ok: true, app: { status, body, … } }` with what the app answered;
 * mistakes (unknown user, no such button) answer 400 `{ ok: false, error }`.
 */

// The page may be served from another local origin.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
};

function str(body: Record<string, unknown>, name: string, required = true): string | undefined {
  const value = body[name];
  if (typeof value === 'string' && value !== '') return value;
  if (required) throw new EmulatorUsageError(`missing string field "${name}"`);
  return undefined;
}

export async function handleEmulatorRoute(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: { core: EmulatorCore; app: AppRequests; sse: SseHub },
): Promise<void> {
  const send = (status: number, body: unknown) => sendJson(res, status, body, CORS);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS);
    res.end();
    return;
  }
  if (req.method === 'GET' && path === 'state') return send(200, workspaceSnapshot(deps.core));
  if (req.method === 'GET' && path === 'events') return deps.sse.add(res, CORS);
  if (
    req.method !== 'POST' ||
    !['command', 'action', 'view-submission', 'message', 'home-opened'].includes(path)
  ) {
    return send(404, { ok: false, error: 'not_found' });
  }

  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse((await readBody(req, MAX_BODY_BYTES, res)).toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new SyntaxError('not an object');
    body = parsed as Record<string, unknown>;
  } catch (error) {
    if (error instanceof BodyTooLargeError) return send(413, { ok: false, error: 'request_too_large' });
    return send(400, { ok: false, error: 'invalid_json' });
  }

  try {
    const userId = str(body, 'userId')!;
    let app: unknown;
    if (path === 'command') {
      app = await deps.app.sendSlashCommand({
        userId,
        channelId: str(body, 'channelId')!,
        text: typeof body.text === 'string' ? body.text : '',
        command: str(body, 'command', false),
      });
    } else if (path === 'action') {
      const value = body.value;
      app = await deps.app.clickButton({
        userId,
        actionId: str(body, 'actionId')!,
        channel: str(body, 'channel', false),
        messageTs: str(body, 'messageTs', false),
        viewId: str(body, 'viewId', false),
        value: typeof value === 'string' || Array.isArray(value) ? (value as string | string[]) : undefined,
      });
    } else if (path === 'home-opened') {
      // What Slack sends when someone opens the app's Home tab.
      app = await deps.app.sendEvent({ type: 'app_home_opened', user: userId, tab: 'home' });
    } else if (path === 'message') {
      const message = postUserMessage(deps.core.workspace, {
        userId,
        channel: str(body, 'channel')!,
        text: str(body, 'text')!,
        threadTs: str(body, 'threadTs', false),
      });
      return send(200, { ok: true, message });
    } else {
      const values = body.values;
      app = await deps.app.submitView({
        userId,
        viewId: str(body, 'viewId')!,
        values: typeof values === 'object' && values !== null ? (values as SubmittedValues) : {},
      });
    }
    send(200, { ok: true, app });
  } catch (error) {
    if (error instanceof EmulatorUsageError) return send(400, { ok: false, error: error.message });
    throw error;
  }
}
