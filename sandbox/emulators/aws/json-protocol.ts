import { AwsError } from './errors.js';
import type { ServiceDefinition } from './service.js';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

export function jsonContentType(protocol: 'json1.0' | 'json1.1'): string {
  return protocol === 'json1.0' ? 'application/x-amz-json-1.0' : 'application/x-amz-json-1.1';
}

/** JSON services answer with epoch seconds for timestamps; handlers may return Dates. */
function replacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (original instanceof Date) return original.getTime() / 1000;
  return value;
}

export function jsonSuccess(
  protocol: 'json1.0' | 'json1.1',
  output: unknown,
  requestId: string,
): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': jsonContentType(protocol), 'x-amzn-requestid': requestId },
    body: JSON.stringify(output ?? {}, replacer),
  };
}

export function jsonError(
  service: Pick<ServiceDefinition, 'protocol' | 'jsonNamespace' | 'queryCompatible'>,
  error: AwsError,
  requestId: string,
): WireResponse {
  const protocol = service.protocol === 'json1.0' ? 'json1.0' : 'json1.1';
  const type = service.jsonNamespace ? `${service.jsonNamespace}#${error.code}` : error.code;
  const headers: Record<string, string> = {
    'content-type': jsonContentType(protocol),
    'x-amzn-requestid': requestId,
    'x-amzn-errortype': error.code,
  };
  if (service.queryCompatible) headers['x-amzn-query-error'] = `${error.queryCode};${error.fault}`;
  return {
    status: error.status,
    headers,
    body: JSON.stringify({ __type: type, message: error.message, ...error.extra }, replacer),
  };
}

/** Parses a JSON-protocol body; AWS answers unparseable input with SerializationException. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return parsed as Record<string, unknown>;
}
