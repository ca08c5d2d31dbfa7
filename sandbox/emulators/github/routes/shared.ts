import { z } from 'zod';
import { conflict, unprocessable } from '../errors.js';
import type { GitPerson } from '../git-objects.js';
import { type Actor, personFor, type Repository } from '../repo-store.js';

/** Helpers several route areas need, so their answers to the same mistakes stay identical. */

export const SHA_PATTERN = /^[0-9a-f]{40}$/;

export function requireNotEmpty(repo: Repository): void {
  if (repo.isEmpty()) throw conflict('Git Repository is empty.');
}

/** Resolves a commit-ish the way `/commits/{ref}` does: 409 on an empty repo, else 422. */
export function requireCommit(repo: Repository, ref: string): string {
  requireNotEmpty(repo);
  const sha = repo.resolveCommitish(ref);
  if (!sha) throw unprocessable(`No commit found for SHA: ${ref}`);
  return sha;
}

export const personInput = z.object({
  name: z.string(),
  email: z.string(),
  date: z.string().optional(),
});

export type PersonInput = z.infer<typeof personInput>;

/** Git forbids these in identities; like git, strip them rather than write a corrupt header. */
function clean(value: string): string {
  return value.replace(/[<>\n]/g, '').trim();
}

const OFFSET_PATTERN = /(Z|[+-]\d{2}:?\d{2})$/i;

/** ISO 8601 → git's `<seconds> <+hhmm>`, keeping the offset the client wrote. */
export function parseGitDate(field: string, value: string): { timestamp: number; tz: string } {
  const millis = Date.parse(value);
  const offset = OFFSET_PATTERN.exec(value)?.[1];
  if (!Number.isFinite(millis) || !value.includes('T')) {
    throw unprocessable(
      `Invalid request.\n\nFor 'properties/${field}', "${value}" is not a valid date-time.`,
    );
  }
  const tz = !offset || offset.toUpperCase() === 'Z' ? '+0000' : offset.replace(':', '');
  return { timestamp: Math.floor(millis / 1000), tz };
}

export function toPerson(field: string, input: PersonInput | undefined, fallback: GitPerson): GitPerson {
  if (!input) return fallback;
  const when = input.date
    ? parseGitDate(`${field}/date`, input.date)
    : { timestamp: fallback.timestamp, tz: fallback.tz };
  return { name: clean(input.name), email: clean(input.email), ...when };
}

/**
 * GitHub's defaults: author is the authenticated user now; committer defaults to the author.
 */
export function commitIdentities(
  actor: Actor,
  now: Date,
  author: PersonInput | undefined,
  committer: PersonInput | undefined,
): { author: GitPerson; committer: GitPerson } {
  const resolvedAuthor = toPerson('author', author, personFor(actor, now));
  return { author: resolvedAuthor, committer: toPerson('committer', committer, resolvedAuthor) };
}
