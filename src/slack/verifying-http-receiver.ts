import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { defaultBodyLimit, HTTPReceiver, type HTTPReceiverOptions } from '@slack/bolt';
import type { Logger } from '../logger.js';
import { verifySlackRequest } from './verify-slack-request.js';

/**
 * Bolt's HTTPReceiver with Slack's signing rule applied in full before Bolt sees a request
 * (Bolt accepts timestamps from the future). The verified body is handed on as `rawBody`, which
 * Bolt reads instead of the stream. This layer is the one verification: Bolt's own is turned
 * off, as checking twice only costs every request a second HMAC and tsscmp's random bytes.
 */
export class VerifyingHTTPReceiver extends HTTPReceiver {
  constructor(
    options: HTTPReceiverOptions & { signingSecret: string; endpoints: string },
    logger: Logger,
    now: () => number = Date.now,
  ) {
    super({ ...options, signatureVerification: false });
    const bolt = this.requestListener;
    const endpoint = options.endpoints;
    const secret = options.signingSecret;
    this.requestListener = (req, res) => {
      if (
        req.method?.toUpperCase() !== 'POST' ||
        new URL(req.url ?? '/', 'http://localhost').pathname !== endpoint
      )
        return bolt(req, res);
      readBody(req, defaultBodyLimit).then(
        (rawBody) => {
          if (rawBody === undefined) return reply(res, 413);
          // Slack's SSL check carries no payload; Bolt answers it (and strips anything smuggled in).
          if (isSslCheck(req, rawBody)) {
            (req as IncomingMessage & { rawBody?: Buffer }).rawBody = Buffer.from('ssl_check=1');
            return bolt(req, res);
          }
          const verdict = verifySlackRequest({
            signingSecret: secret,
            rawBody,
            timestamp: req.headers['x-slack-request-timestamp'],
            signature: req.headers['x-slack-signature'],
            nowMs: now(),
          });
          if (!verdict.ok) {
            logger.warn({ reason: verdict.reason }, 'refused a Slack request that failed verification (401)');
            return reply(res, 401);
          }
          (req as IncomingMessage & { rawBody?: Buffer }).rawBody = rawBody;
          return bolt(req, res);
        },
        () => reply(res, 400),
      );
    };
  }
}

/** The same test as Bolt's: a form body whose `ssl_check` is exactly "1". */
function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  return (
    req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
    parseQuery(body.toString('utf8')).ssl_check === '1'
  );
}

function reply(res: ServerResponse, status: number): void {
  res.writeHead(status).end();
}

/** The whole body, or undefined past `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
