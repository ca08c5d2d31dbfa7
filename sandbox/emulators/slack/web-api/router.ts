import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from '../core.js';
import {
  BodyTooLargeError,
  MAX_BODY_BYTES,
  parseBody,
  queryParams,
  readBody,
  sendJson,
} from '../http-util.js';
import { limitsFor } from '../rate-limiter.js';
import { fail, type MethodHandler, type MethodResult } from './method.js';
import { appsMethods } from './methods/apps.js';
import { authMethods } from './methods/auth.js';
import { chatMethods } from './methods/chat.js';
import { conversationsMethods } from './methods/conversations.js';
import { filesMethods } from './methods/files.js';
import { usersMethods } from './methods/users.js';
import { viewsMethods } from './methods/views.js';
import { Params, paramsForRecord } from './params.js';

/**
 * `POST|GET /api/{method}` — Slack's Web API conventions: every answer is HTTP 200 with
 * `{ ok, … }`, except rate limits (HTTP 429 + `Retry-After`). The token comes from
 * `Authorization: Bearer …` or, for form bodies, a `token` argument (JSON bodies must use the
 * header, as on Slack).
 */

export const METHODS: Record<string, MethodHandler> = {
  ...appsMethods,
  ...authMethods,
  ...chatMethods,
  ...conversationsMethods,
  ...viewsMethods,
  ...usersMethods,
  ...filesMethods,
};

/** Methods that take the app-level token (`xapp-…`); every other method takes the bot token. */
const APP_TOKEN_METHODS = new Set(['apps.connections.open']);

/** What an app-level token created for Socket Mode is granted. */
const APP_TOKEN_SCOPES = ['connections:write'];

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim();
}

export async function handleWebApi(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  core: EmulatorCore,
): Promise<void> {
  let raw: Record<string, unknown> = queryParams(req);
  const answer = (status: number, body: MethodResult, headers: Record<string, string> = {}) => {
    core.calls.push({
      method,
      params: paramsForRecord(raw),
      ok: body.ok,
      ...(body.error ? { error: body.error } : {}),
      status,
      at: core.clock(),
    });
    sendJson(res, status, body, headers);
  };

  let bodyKind: string;
  try {
    const parsed = await parseBody(req, await readBody(req, MAX_BODY_BYTES, res));
    if (!parsed.ok) return answer(200, fail(parsed.error));
    raw = { ...raw, ...parsed.params };
    bodyKind = parsed.kind;
  } catch (error) {
    if (error instanceof BodyTooLargeError) return answer(200, fail('request_too_large'));
    throw error;
  }

  const handler = METHODS[method];
  if (!handler) return answer(200, fail('unknown_method', { req_method: method }));

  const token = bearerToken(req) ?? (bodyKind === 'json' ? undefined : (raw.token as string | undefined));
  if (!token) return answer(200, fail('not_authed'));
  const kind =
    token === core.botToken
      ? 'bot'
      : core.appToken !== undefined && token === core.appToken
        ? 'app'
        : undefined;
  if (!kind) return answer(200, fail('invalid_auth'));
  // A valid token of the wrong kind (bot token for apps.connections.open, app token for chat.*).
  if ((kind === 'app') !== APP_TOKEN_METHODS.has(method)) return answer(200, fail('not_allowed_token_type'));
  const scopeHeaders = { 'x-oauth-scopes': (kind === 'app' ? APP_TOKEN_SCOPES : core.scopes).join(',') };

  const params = new Params(raw);
  const channelRef = params.string('channel');
  const channelId = channelRef ? (core.workspace.resolveChannel(channelRef)?.id ?? channelRef) : undefined;
  const decision = core.rateLimiter.take(limitsFor(method, channelId));
  if (!decision.allowed) {
    return answer(429, fail('ratelimited'), {
      ...scopeHeaders,
      'retry-after': String(decision.retryAfterSeconds),
    });
  }

  let result: MethodResult;
  try {
    result = handler(params, core);
  } catch (error) {
    // An emulator bug is logged loudly and answered with Slack's generic error, never a dropped connection.
    console.error(`[slack-emulator] ${method} failed:`, error);
    result = fail('fatal_error');
  }
  answer(200, result, scopeHeaders);
}
