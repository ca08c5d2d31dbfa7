import type { z } from 'zod';

/**
 * An item read back from the store that does not match its schema: written by an older version,
 * edited by hand, or corrupt. Reported with where it is and what to do, never as a crash.
 */
export class StoredItemError extends Error {
  override readonly name = 'StoredItemError';
  constructor(
    readonly where: string,
    readonly issues: string,
  ) {
    super(
      `infrabot's stored ${where} could not be read (${issues}). It was written by another version or changed by hand: delete that item from the state store, or fix it, and retry.`,
    );
  }
}

/** Decodes one stored value with its zod schema, or throws a StoredItemError naming it. */
export function decodeStored<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'value'}: ${i.message}`)
    .join('; ');
  throw new StoredItemError(where, issues);
}
