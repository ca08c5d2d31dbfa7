import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
// Only the verifier, not the whole Bolt entry point: test files that need no Bolt app stay light.
import { verifySlackRequest } from '@slack/bolt/dist/receivers/verify-request.js';

export interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  rawBody: string;
  contentType: string | undefined;
  /** The form fields; for interactivity, `payload` parsed. */
  form: URLSearchParams;
  payload: Record<string, unknown> | undefined;
}

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A tiny app endpoint that verifies signatures exactly as Bolt does (it calls Bolt's own
 * `verifySlackRequest`), answers 401 when that fails, and otherwise lets the test answer.
 */
export async function startReceiver(
  signingSecret: string,
  answer: (req: ReceivedRequest, res: ServerResponse) => void = (_req, res) => {
    res.writeHead(200);
    res.end();
  },
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    try {
      verifySlackRequest({
        signingSecret,
        body: rawBody,
        headers: {
          'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''),
          'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
        },
      });
    } catch {
      res.writeHead(401);
      res.end();
      return;
    }
    const form = new URLSearchParams(rawBody);
    const payloadField = form.get('payload');
    const received: ReceivedRequest = {
      headers: req.headers,
      rawBody,
      contentType: req.headers['content-type'],
      form,
      payload: payloadField ? (JSON.parse(payloadField) as Record<string, unknown>) : undefined,
    };
    requests.push(received);
    answer(received, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('receiver has no port');
  return {
    url: `http://127.0.0.1:${address.port}/slack/events`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
