import type { IncomingMessage, ServerResponse } from 'node:http';

/** Low-level request/response helpers, kept apart from routing and GitHub semantics. */

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limitBytes) throw new BodyTooLargeError(`request body exceeds ${limitBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: { json: unknown } | { raw: Buffer; contentType: string },
): void {
  if (res.headersSent) return;
  let payload: Buffer | undefined;
  const allHeaders: Record<string, string> = { ...headers };
  if (body && 'json' in body) {
    payload = Buffer.from(JSON.stringify(body.json), 'utf8');
    allHeaders['content-type'] = 'application/json; charset=utf-8';
  } else if (body) {
    payload = body.raw;
    allHeaders['content-type'] = body.contentType;
  }
  if (payload) allHeaders['content-length'] = String(payload.length);
  res.writeHead(status, allHeaders);
  res.end(payload);
}
