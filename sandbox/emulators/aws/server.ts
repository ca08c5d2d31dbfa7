import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { credentialScope } from './auth.js';
import type { CallLog, CallRecord } from './call-log.js';
import type { EmulatorClock } from './clock.js';
import { AwsError, internalFailure, invalidSignature } from './errors.js';
import type { FaultInjector } from './faults.js';
import { requestId as newRequestId } from './ids.js';
import { jsonError, jsonSuccess, parseJsonBody, type WireResponse } from './json-protocol.js';
import { Params } from './params.js';
import { decodeQueryForm, queryErrorXml, queryResponseXml } from './query-protocol.js';
import { findAction, type ServiceDefinition } from './service.js';
import type { World } from './world.js';

/** AWS caps request bodies well below this; it only protects the emulator from runaway clients. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ServerDeps {
  services: ServiceDefinition[];
  world: World;
  clock: EmulatorClock;
  faults: FaultInjector;
  calls: CallLog;
  /** Handles `/_emulator/...`; returns the response to send. */
  control: (method: string, path: string, body: string) => WireResponse;
  /** Ends long polls when the emulator closes. */
  closing: AbortSignal;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: WireResponse): void {
  if (res.headersSent || res.destroyed) return;
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
  res.end(body);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The protocol a request speaks, guessed from its shape, for errors raised before routing. */
function guessedProtocol(
  req: IncomingMessage,
): Pick<ServiceDefinition, 'protocol' | 'queryCompatible' | 'xmlNamespace'> {
  const contentType = String(req.headers['content-type'] ?? '');
  if (req.headers['x-amz-target'] !== undefined || contentType.startsWith('application/x-amz-json')) {
    return { protocol: contentType.includes('1.0') ? 'json1.0' : 'json1.1' };
  }
  return { protocol: 'query' };
}

function errorResponse(
  service: Pick<ServiceDefinition, 'protocol' | 'queryCompatible' | 'xmlNamespace' | 'jsonNamespace'>,
  error: AwsError,
  requestId: string,
): WireResponse {
  if (service.protocol === 'query') {
    return {
      status: error.status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: queryErrorXml(error, requestId, service.xmlNamespace),
    };
  }
  return jsonError(service, error, requestId);
}

function fromFault(service: ServiceDefinition, kind: 'throttle' | 'server-error'): AwsError {
  return kind === 'throttle' ? service.throttlingError() : internalFailure();
}

/**
 * One HTTP endpoint for every emulated service, like a single AWS_ENDPOINT_URL. The service is
 * the one in the SigV4 credential scope; the action comes from X-Amz-Target (JSON protocols) or
 * the form's Action (Query protocol).
 */
export function createEmulatorServer(deps: ServerDeps): Server {
  const bySigningName = new Map(deps.services.map((s) => [s.signingName, s]));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: string;
    try {
      body = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        send(res, {
          status: 413,
          headers: { 'content-type': 'text/plain' },
          body: 'Request Entity Too Large',
        });
      }
      return;
    }

    if (url.pathname.startsWith('/_emulator/') || url.pathname === '/_emulator') {
      send(res, deps.control(req.method ?? 'GET', url.pathname, body));
      return;
    }

    let service: ServiceDefinition | undefined;
    let record: CallRecord | undefined;
    const aborted = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) aborted.abort();
    });
    const onClosing = () => aborted.abort();
    deps.closing.addEventListener('abort', onClosing, { once: true });
    try {
      const scope = credentialScope(req.headers.authorization, url.searchParams);
      service = bySigningName.get(scope.service);
      if (!service) {
        throw invalidSignature(
          `Credential should be scoped to correct service. Service '${scope.service}' is not emulated.`,
        );
      }

      let action: string;
      let raw: Record<string, unknown>;
      if (service.protocol === 'query') {
        const form = decodeQueryForm(req.method === 'GET' ? url.search.slice(1) : body);
        const name = form['Action'];
        if (typeof name !== 'string' || name === '') throw new AwsError('MissingAction', 'Missing Action');
        action = name;
        delete form['Action'];
        delete form['Version'];
        raw = form;
        if (!findAction(service, action)) {
          throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`);
        }
      } else {
        const target = String(req.headers['x-amz-target'] ?? '');
        const dot = target.lastIndexOf('.');
        const prefix = dot > 0 ? target.slice(0, dot) : '';
        action = dot > 0 ? target.slice(dot + 1) : target;
        if (prefix !== service.targetPrefix || !findAction(service, action)) {
          throw new AwsError(
            'UnknownOperationException',
            target ? `Unknown operation ${target}` : 'Missing X-Amz-Target',
          );
        }
        raw = parseJsonBody(body);
      }

      const identity = deps.world.identityFor(scope.accessKeyId);
      record = {
        service: service.name,
        action,
        params: raw,
        at: deps.clock.now(),
        region: scope.region,
        accountId: identity.accountId,
        accessKeyId: scope.accessKeyId,
      };
      deps.calls.record(record);

      const fault = deps.faults.take(service.name, action);
      if (fault?.kind === 'latency') await sleep(fault.latencyMs ?? 0, aborted.signal);
      else if (fault) throw fromFault(service, fault.kind);

      const handler = findAction(service, action)!;
      const output = await handler({
        accountId: identity.accountId,
        region: scope.region,
        accessKeyId: scope.accessKeyId,
        requestId,
        params: new Params(raw, service.validation, service.protocol === 'query' ? 'query' : 'json'),
        signal: aborted.signal,
      });
      send(
        res,
        service.protocol === 'query'
          ? {
              status: 200,
              headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
              body: queryResponseXml(action, service.xmlNamespace ?? '', output, requestId),
            }
          : jsonSuccess(service.protocol, output, requestId),
      );
    } catch (e) {
      const error = e instanceof AwsError ? e : internalFailure();
      if (!(e instanceof AwsError)) {
        // An emulator bug, not a simulated failure: make it visible to whoever runs the tests.
        console.error('[aws-emulator] unhandled error', e);
      }
      if (record) record.error = error.code;
      send(res, errorResponse(service ?? guessedProtocol(req), error, requestId));
    } finally {
      deps.closing.removeEventListener('abort', onClosing);
    }
  }

  return createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error('[aws-emulator] request failed', e);
      if (!res.headersSent)
        send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal error' });
    });
  });
}
