import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DenyRule {
  /** The JSON-protocol action, e.g. `UpdateService` (matched on X-Amz-Target), or a Query `Action`. */
  action: string;
  /** Only requests whose body contains this text (e.g. a service name). */
  bodyIncludes?: string;
  /** The IAM action named in the message, e.g. `ecs:UpdateService`. */
  iamAction: string;
}

/**
 * Sits between the SDK and the AWS emulator and answers chosen calls the way AWS answers a
 * missing IAM permission (JSON 1.1: HTTP 400 `AccessDeniedException`; Query: HTTP 403 XML
 * `AccessDenied`), passing
 * everything else through. The emulator has no IAM, so this is how the AccessDenied path is
 * exercised with the real SDK deserializers.
 */
export async function startDenyProxy(
  upstream: string,
): Promise<{ url: string; deny: (rule: DenyRule) => void; clear: () => void; close: () => Promise<void> }> {
  let rules: DenyRule[] = [];
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const amzTarget = String(req.headers['x-amz-target'] ?? '');
      const rule = rules.find(
        (r) =>
          (amzTarget.endsWith(`.${r.action}`) || text.includes(`Action=${r.action}`)) &&
          (!r.bodyIncludes || text.includes(r.bodyIncludes)),
      );
      if (rule) {
        const message = `User: arn:aws:sts::111111111111:assumed-role/infrabot/infrabot is not authorized to perform: ${rule.iamAction} because no identity-based policy allows the ${rule.iamAction} action`;
        if (amzTarget) {
          res.writeHead(400, {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-requestid': 'denied-by-test-proxy',
          });
          res.end(JSON.stringify({ __type: 'AccessDeniedException', message }));
        } else {
          // Query protocol (RDS): AWS answers 403 with an XML ErrorResponse, code AccessDenied.
          res.writeHead(403, { 'content-type': 'text/xml', 'x-amzn-requestid': 'denied-by-test-proxy' });
          res.end(
            `<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${message}</Message></Error><RequestId>denied-by-test-proxy</RequestId></ErrorResponse>`,
          );
        }
        return;
      }
      const forward = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (upstreamRes) => {
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          upstreamRes.pipe(res);
        },
      );
      forward.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deny: (rule) => rules.push(rule),
    clear: () => {
      rules = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
