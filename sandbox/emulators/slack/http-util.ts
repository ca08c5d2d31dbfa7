import type { IncomingMessage, ServerResponse } from 'node:http';

/** Larger than anything infrabot sends; keeps a hostile client from filling memory. */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body larger than ${MAX_BODY_BYTES} bytes`);
  }
}

/**
 * Reads the whole body. Past `limit` it stops reading and marks the response `connection: close`:
 * the unread rest of the body would otherwise corrupt the next request on a kept-alive socket.
 */
export async function readBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
  res?: ServerResponse,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      res?.setHeader('connection', 'close');
      throw new BodyTooLargeError();
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    ...headers,
  });
  res.end(payload);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

/** The media type without parameters, lower-cased: `application/json; charset=utf-8` → `application/json`. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export type ParsedBody =
  | { ok: true; kind: 'json' | 'form' | 'multipart' | 'empty'; params: Record<string, unknown> }
  | { ok: false; error: 'invalid_json' | 'json_not_object' | 'invalid_form_data' };

/**
 * Parses a request body the way Slack's Web API accepts it: JSON objects, url-encoded forms
 * and multipart forms (binary parts become Buffers).
 */
export async function parseBody(req: IncomingMessage, raw: Buffer): Promise<ParsedBody> {
  const type = mediaType(req);
  if (raw.length === 0) return { ok: true, kind: 'empty', params: {} };
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, error: 'json_not_object' };
    }
    return { ok: true, kind: 'json', params: value as Record<string, unknown> };
  }
  if (type === 'multipart/form-data') {
    const parts = await parseMultipart(req, raw);
    return parts ? { ok: true, kind: 'multipart', params: parts } : { ok: false, error: 'invalid_form_data' };
  }
  // Slack treats any other body as a url-encoded form.
  return { ok: true, kind: 'form', params: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))) };
}

/** Multipart parsing through the WHATWG Request implementation built into Node. */
export async function parseMultipart(
  req: IncomingMessage,
  raw: Buffer,
): Promise<Record<string, string | Buffer> | undefined> {
  try {
    const request = new Request('http://emulator.invalid/', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? '' },
      body: raw,
    });
    const form = await request.formData();
    const params: Record<string, string | Buffer> = {};
    for (const [key, value] of form.entries()) {
      params[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
    }
    return params;
  } catch {
    return undefined;
  }
}

export function queryParams(req: IncomingMessage): Record<string, string> {
  const url = new URL(req.url ?? '/', 'http://emulator.invalid');
  return Object.fromEntries(url.searchParams);
}
