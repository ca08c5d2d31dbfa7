import { createHash } from 'node:crypto';
import type { SqsMessageAttribute } from './world-types.js';

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

function lengthPrefixed(bytes: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/**
 * MD5OfMessageAttributes as SQS computes it (and SDKs may verify): for each attribute, sorted by
 * name, the length-prefixed name, length-prefixed data type, a transport byte (1 string, 2
 * binary) and the length-prefixed value.
 */
export function md5OfMessageAttributes(attributes: Record<string, SqsMessageAttribute>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const parts: Buffer[] = [];
  for (const name of names) {
    const attr = attributes[name]!;
    parts.push(lengthPrefixed(Buffer.from(name, 'utf8')));
    parts.push(lengthPrefixed(Buffer.from(attr.dataType, 'utf8')));
    if (attr.binaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      parts.push(lengthPrefixed(attr.binaryValue));
    } else {
      parts.push(Buffer.from([1]));
      parts.push(lengthPrefixed(Buffer.from(attr.stringValue ?? '', 'utf8')));
    }
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}
