import { decodeJsonArg } from '../message-content.js';

/**
 * Typed access to Web API arguments. Form bodies carry everything as strings and JSON bodies
 * carry real types; Slack accepts both, so the readers accept both.
 */
export class Params {
  constructor(readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== '';
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }

  /** Slack's booleans: `true`, `"true"`, `"1"`, `1`. */
  bool(name: string): boolean {
    const value = this.raw[name];
    return value === true || value === 1 || value === 'true' || value === '1';
  }

  int(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === '') return undefined;
    const parsed = typeof value === 'number' ? value : Number(value);
    return Number.isInteger(parsed) ? parsed : Number.NaN;
  }

  /** A JSON-typed argument (string in forms, value in JSON bodies); `undefined` when absent. */
  json(name: string): { ok: true; value: unknown } | { ok: false } {
    if (!this.has(name)) return { ok: true, value: undefined };
    return decodeJsonArg(this.raw[name]);
  }
}

/** JSON-typed arguments, decoded in call records so test assertions can look inside them. */
const JSON_ARGS = ['blocks', 'attachments', 'view', 'files', 'metadata'];

export function paramsForRecord(raw: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'token') continue;
    if (Buffer.isBuffer(value)) {
      record[key] = `<${value.length} bytes>`;
      continue;
    }
    if (JSON_ARGS.includes(key) && typeof value === 'string') {
      const decoded = decodeJsonArg(value);
      record[key] = decoded.ok ? decoded.value : value;
      continue;
    }
    record[key] = value;
  }
  return record;
}
