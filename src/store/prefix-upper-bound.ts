/**
 * The smallest string greater than every string that starts with `prefix`, in UTF-8 byte order
 * (which is code point order), or undefined when no such bound exists.
 *
 * SQLite compares TEXT with memcmp over UTF-8, the same order DynamoDB uses for sort keys, so
 * `sk >= prefix AND sk < upper` selects exactly the keys with that prefix while letting SQLite
 * walk the primary-key index in both directions instead of filtering the whole partition.
 * (LIKE/GLOB would need escaping and are case- or collation-sensitive in surprising ways.)
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const codePoints = Array.from(prefix, (char) => char.codePointAt(0)!);
  while (codePoints.length > 0) {
    const last = codePoints.pop()!;
    if (last < 0x10ffff) {
      // Surrogate code points cannot appear in well-formed strings; skip over that gap.
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return String.fromCodePoint(...codePoints, next);
    }
    // U+10FFFF cannot be incremented: the bound moves to the previous code point.
  }
  return undefined;
}
