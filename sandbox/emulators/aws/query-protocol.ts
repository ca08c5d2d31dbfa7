import type { AwsError } from './errors.js';
import { escapeXml, toXml } from './xml-writer.js';

const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);
/** Query lists are 1-based; AWS caps them far below this, it only bounds hostile input. */
const MAX_LIST_INDEX = 10_000;

/**
 * Decodes an `application/x-www-form-urlencoded` Query body into a tree: `Filters.Filter.1.Name=x`
 * becomes `{ Filters: { Filter: [{ Name: 'x' }] } }`. Numeric segments become arrays (1-based,
 * ordered by index). Keys that would collide with a scalar or touch object prototypes are dropped.
 */
export function decodeQueryForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = Object.create(null);
  for (const [key, value] of new URLSearchParams(body)) {
    const segments = key.split('.');
    if (segments.some((s) => s === '' || FORBIDDEN_SEGMENTS.has(s))) continue;
    let node: Record<string, unknown> = root;
    let ok = true;
    for (let i = 0; i < segments.length - 1; i++) {
      const seg = segments[i]!;
      const next = node[seg];
      if (next === undefined) {
        const created: Record<string, unknown> = Object.create(null);
        node[seg] = created;
        node = created;
      } else if (typeof next === 'object' && next !== null) {
        node = next as Record<string, unknown>;
      } else {
        ok = false;
        break;
      }
    }
    const last = segments[segments.length - 1]!;
    if (ok && (node[last] === undefined || typeof node[last] === 'string')) node[last] = value;
  }
  return arraysFromIndexes(root) as Record<string, unknown>;
}

function arraysFromIndexes(node: unknown): unknown {
  if (typeof node !== 'object' || node === null) return node;
  const obj = node as Record<string, unknown>;
  const keys = Object.keys(obj);
  const numeric =
    keys.length > 0 && keys.every((k) => /^\d+$/.test(k) && Number(k) >= 1 && Number(k) <= MAX_LIST_INDEX);
  if (numeric) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => arraysFromIndexes(obj[String(k)]));
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = arraysFromIndexes(obj[k]);
  return out;
}

export function queryResponseXml(
  action: string,
  namespace: string,
  result: unknown,
  requestId: string,
): string {
  const body = result === undefined ? '' : toXml(`${action}Result`, result);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${action}Response xmlns="${escapeXml(namespace)}">${body}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

export function queryErrorXml(error: AwsError, requestId: string, namespace?: string): string {
  const xmlns = namespace ? ` xmlns="${escapeXml(namespace)}"` : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse${xmlns}><Error><Type>${error.fault}</Type><Code>${escapeXml(error.queryCode)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
