import type { EmulatorCore } from '../core.js';
import type { Params } from './params.js';

/** What a Web API method answers: Slack's `{ ok: true, … }` or `{ ok: false, error, … }` body. */
export type MethodResult = { ok: boolean; error?: string } & Record<string, unknown>;

export type MethodHandler = (params: Params, core: EmulatorCore) => MethodResult;

export function fail(error: string, extra: Record<string, unknown> = {}): MethodResult {
  return { ok: false, error, ...extra };
}

/** `invalid_arguments` with Slack's `[ERROR] …` messages, used for schema-level problems. */
export function invalidArguments(messages: string[]): MethodResult {
  return {
    ok: false,
    error: 'invalid_arguments',
    response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) },
  };
}

export function missingArgument(name: string): MethodResult {
  return invalidArguments([`missing required field: ${name} [json-pointer:/${name}]`]);
}
