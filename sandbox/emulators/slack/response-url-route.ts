import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from './core.js';
import { BodyTooLargeError, MAX_BODY_BYTES, mediaType, readBody, sendJson } from './http-util.js';
import { deliverResponse } from './response-delivery.js';

/**
 * `POST /response/{id}` — a response_url. Answers `{ ok: true }` on success; 404 with
 * `used_url` (after 5 uses), `expired_url` (after 30 minutes) or `no_service` (unknown URL);
 * 400 with Slack's error (`no_text`, `invalid_blocks`, …) for a body Slack would refuse.
 */
export async function handleResponseUrl(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  core: EmulatorCore,
): Promise<void> {
  const url = `${core.baseUrl()}/response/${id}`;
  let body: unknown;
  const answer = (status: number, payload: { ok: boolean; error?: string } & Record<string, unknown>) => {
    core.responses.push({
      id,
      url,
      body,
      status,
      ok: payload.ok,
      ...(payload.error ? { error: payload.error } : {}),
      at: core.clock(),
    });
    sendJson(res, status, payload);
  };

  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES, res);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return answer(413, { ok: false, error: 'request_too_large' });
    throw error;
  }
  const text = raw.toString('utf8');
  try {
    // Bolt posts JSON; Slack also takes a form with a `payload` field holding the JSON.
    body =
      mediaType(req) === 'application/x-www-form-urlencoded'
        ? JSON.parse(new URLSearchParams(text).get('payload') ?? '')
        : JSON.parse(text);
  } catch {
    body = text;
  }

  const lookup = core.responseUrls.check(id);
  if (!lookup.ok) return answer(lookup.status, { ok: false, error: lookup.error });
  const delivery = deliverResponse(core, lookup.context, body);
  if (!delivery.ok) return answer(400, { ...delivery });
  core.responseUrls.use(id);
  answer(200, { ok: true });
}
