import type { z } from 'zod';
import { ApiError } from './errors.js';

/**
 * Request-body validation with GitHub's wording. GitHub validates bodies against JSON schemas and
 * answers 422 "Invalid request." followed by lines such as `"title" wasn't supplied.` or
 * `For 'properties/sha', 5 is not a string.`; zod issues are translated into those lines.
 */

type Issue = z.core.$ZodIssue;

function pointer(path: PropertyKey[]): string {
  if (path.length === 0) return 'links/0/schema';
  return path
    .map((part) => (typeof part === 'number' ? `items/${part}` : `properties/${String(part)}`))
    .join('/');
}

function describeExpected(expected: string): string {
  if (expected === 'array' || expected === 'object' || expected === 'integer') return `an ${expected}`;
  return `a ${expected}`;
}

function render(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

function describe(issue: Issue): string {
  const where = `For '${pointer(issue.path)}'`;
  switch (issue.code) {
    case 'invalid_type':
      return `${where}, ${render(issue.input)} is not ${describeExpected(issue.expected)}.`;
    case 'invalid_value':
      return `${where}, ${render(issue.input)} is not a member of ${JSON.stringify(issue.values)}.`;
    case 'invalid_union':
      return `${where}, no subschema in "anyOf" matched.`;
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
      return `${where}, ${render(issue.input)} is invalid.`;
    default:
      return `${where}, ${issue.message}`;
  }
}

/** JSON can't carry `undefined`, so an undefined input means the key was absent. */
function isMissing(issue: Issue): boolean {
  return issue.code === 'invalid_type' && issue.input === undefined && issue.path.length > 0;
}

export function invalidRequest(issues: readonly Issue[]): ApiError {
  const missing = issues.filter(isMissing).map((issue) => `"${issue.path.map(String).join('.')}"`);
  const lines: string[] = [];
  if (missing.length === 1) lines.push(`${missing[0]} wasn't supplied.`);
  else if (missing.length > 1) lines.push(`${missing.join(', ')} weren't supplied.`);
  for (const issue of issues) if (!isMissing(issue)) lines.push(describe(issue));
  return new ApiError(422, `Invalid request.\n\n${lines.join('\n')}`);
}

export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body, { reportInput: true });
  if (!result.success) throw invalidRequest(result.error.issues);
  return result.data;
}

/** Query parameters arrive as strings; these mirror GitHub's tolerant handling of them. */
export function queryInt(query: URLSearchParams, name: string, fallback: number, max?: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value < 1) return fallback;
  return max === undefined ? value : Math.min(value, max);
}
