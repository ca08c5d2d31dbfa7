import type { z } from 'zod';
import type { Logger } from '../logger.js';
import type { StoreItem, StoreKey } from './store.js';

/** An item read back from the store that does not have the shape its reader expects. */
export class UnreadableItemError extends Error {
  constructor(
    readonly key: StoreKey,
    readonly problems: string[],
    what: string,
  ) {
    super(
      `the stored ${what} ${key.pk}/${key.sk} cannot be read (${problems.join('; ')}): it was written by another version of infrabot or another tool. Delete it, or run the version that wrote it.`,
    );
    this.name = 'UnreadableItemError';
  }
}

/** Where and what, never the value itself (it may hold a user's words or an id). */
function problemsOf(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'value'}: ${i.message}`);
}

/** Decodes one item, or throws a clear UnreadableItemError (a get the caller cannot do without). */
export function decodeItem<T>(item: StoreItem<unknown>, schema: z.ZodType<T>, what: string): StoreItem<T> {
  const parsed = schema.safeParse(item.value);
  if (!parsed.success) throw new UnreadableItemError(item, problemsOf(parsed.error), what);
  return { ...item, value: parsed.data };
}

/**
 * Decodes a list (a query): items that fail their schema are skipped, each with a log line, and
 * counted, so the reader can say that some could not be read instead of pretending there were none.
 */
export function decodeItems<T>(
  items: readonly StoreItem<unknown>[],
  schema: z.ZodType<T>,
  what: string,
  logger: Logger,
): { items: StoreItem<T>[]; unreadable: StoreKey[] } {
  const good: StoreItem<T>[] = [];
  const unreadable: StoreKey[] = [];
  for (const item of items) {
    const parsed = schema.safeParse(item.value);
    if (parsed.success) good.push({ ...item, value: parsed.data });
    else {
      unreadable.push({ pk: item.pk, sk: item.sk });
      logger.warn(
        { pk: item.pk, sk: item.sk, problems: problemsOf(parsed.error) },
        `skipped a stored ${what} that cannot be read (old format or written by another tool)`,
      );
    }
  }
  return { items: good, unreadable };
}
