/**
 * Turns the INFRABOT_STORE setting into a Store:
 *
 *   sqlite:<path>      an SQLite file (created with its directory if missing; `~/` is the home dir)
 *   sqlite::memory:    a private in-memory database (lost on exit)
 *   memory             the same, shorter
 *   dynamodb:<table>   a DynamoDB table in the region/endpoint the AWS SDK resolves
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Store } from './store.js';

export type StoreSpec = { kind: 'sqlite'; path: string } | { kind: 'dynamodb'; tableName: string };

export interface OpenStoreOptions {
  now?: () => number;
  /** Overrides AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_DYNAMODB (which the SDK honours by itself). */
  dynamoDbEndpoint?: string;
}

const ACCEPTED = 'use sqlite:<path>, sqlite::memory:, memory, or dynamodb:<table>';
/** DynamoDB's own rule for table names. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export async function openStore(spec: string, options: OpenStoreOptions = {}): Promise<Store> {
  const parsed = parseStoreSpec(spec);
  // Each adapter is loaded only when chosen: the AWS SDK costs start-up time the SQLite store doesn't need.
  if (parsed.kind === 'sqlite') {
    const { createSqliteStore } = await import('./sqlite-store.js');
    return createSqliteStore({ path: parsed.path, ...(options.now ? { now: options.now } : {}) });
  }
  const endpoint = options.dynamoDbEndpoint;
  if (endpoint !== undefined) checkEndpoint(endpoint);
  const { createDynamoDbStore } = await import('./dynamodb-store.js');
  return createDynamoDbStore({
    tableName: parsed.tableName,
    ...(endpoint ? { endpoint } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

/** Parses a store spec without opening anything; throws an Error naming the accepted forms. */
export function parseStoreSpec(spec: string, home: string = homedir()): StoreSpec {
  if (typeof spec !== 'string') throw notAStore(spec);
  // Values pasted into .env files and Terraform often carry stray spaces or a trailing newline.
  const text = spec.trim();
  if (text.toLowerCase() === 'memory') return { kind: 'sqlite', path: ':memory:' };
  const colon = text.indexOf(':');
  const scheme = colon > 0 ? text.slice(0, colon).toLowerCase() : '';
  const rest = colon > 0 ? text.slice(colon + 1) : '';

  if (scheme === 'sqlite') {
    if (rest === ':memory:') return { kind: 'sqlite', path: ':memory:' };
    if (rest.trim() === '')
      throw notAStore(spec, 'sqlite: needs a file path, e.g. sqlite:./data/infrabot.db');
    if (CONTROL_CHARACTERS.test(rest)) throw notAStore(spec, 'the path contains control characters');
    if (rest.startsWith('//')) {
      throw notAStore(spec, 'write a plain path (sqlite:/var/lib/infrabot.db), not a URL');
    }
    const path = rest === '~' || rest.startsWith('~/') ? join(home, rest.slice(1)) : rest;
    return { kind: 'sqlite', path: resolve(path) };
  }
  if (scheme === 'dynamodb') {
    if (rest === '') throw notAStore(spec, 'dynamodb: needs a table name, e.g. dynamodb:infrabot-state');
    if (!TABLE_NAME.test(rest)) {
      throw notAStore(spec, 'DynamoDB table names are 3-255 characters of letters, digits, _ . and -');
    }
    return { kind: 'dynamodb', tableName: rest };
  }
  throw notAStore(spec);
}

function checkEndpoint(endpoint: string): void {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error(`DynamoDB endpoint ${quote(endpoint)} is not an http(s) URL, e.g. http://127.0.0.1:8000`);
  }
}

function notAStore(spec: unknown, why?: string): Error {
  return new Error(`INFRABOT_STORE=${quote(spec)} is not a store: ${why ? `${why}; ` : ''}${ACCEPTED}`);
}

/** Quotes untrusted text for an error message: escaped (no log injection) and bounded in length. */
function quote(value: unknown): string {
  if (typeof value !== 'string') return `(${value === null ? 'null' : typeof value})`;
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(shown);
}
