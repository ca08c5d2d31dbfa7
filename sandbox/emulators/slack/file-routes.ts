import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore } from './core.js';
import {
  BodyTooLargeError,
  MAX_BODY_BYTES,
  mediaType,
  parseMultipart,
  readBody,
  sendText,
} from './http-util.js';

/**
 * `POST /upload/{file_id}` — the upload_url from files.getUploadURLExternal. Like Slack it takes
 * the raw bytes or a multipart form (the first file part; @slack/web-api sends one named
 * `body`) and answers `OK - {bytes}`.
 * `GET /files/{file_id}` — the file's bytes (its `url_private`), so the sandbox page can show
 * uploaded graphs. Slack requires the bot token there; the sandbox does not.
 */

export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  fileId: string,
  core: EmulatorCore,
): Promise<void> {
  let raw: Buffer;
  try {
    raw = await readBody(req, MAX_BODY_BYTES, res);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return sendText(res, 413, 'request_too_large');
    throw error;
  }
  let bytes = raw;
  if (mediaType(req) === 'multipart/form-data') {
    const parts = await parseMultipart(req, raw);
    if (!parts) return sendText(res, 400, 'invalid_form_data');
    const values = Object.values(parts);
    const part = values.find((v) => Buffer.isBuffer(v)) ?? values[0];
    if (part === undefined) return sendText(res, 400, 'no_file_data');
    bytes = Buffer.isBuffer(part) ? part : Buffer.from(part, 'utf8');
  }
  if (!core.workspace.files.storeUpload(fileId, bytes)) return sendText(res, 404, 'file_not_found');
  sendText(res, 200, `OK - ${bytes.length}`);
}

export function handleFileDownload(res: ServerResponse, fileId: string, core: EmulatorCore): void {
  const file = core.workspace.files.file(fileId);
  if (!file?.bytes) {
    sendText(res, 404, 'file_not_found');
    return;
  }
  res.writeHead(200, {
    'content-type': file.info.mimetype,
    'content-length': String(file.bytes.length),
    'access-control-allow-origin': '*',
  });
  res.end(file.bytes);
}
