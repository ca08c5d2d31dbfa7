import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefixUpperBound } from '../../src/store/prefix-upper-bound.js';

/** DynamoDB's and SQLite's sort-key order: bytewise over UTF-8. */
const compare = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

// Well-formed strings only (keys with lone surrogates are refused before any query), biased
// towards the code points where incrementing is tricky.
const char = fc.oneof(
  fc.constantFrom('a', 'z', '\u{10FFFF}', '\uD7FF', '\uE000', '\uFFFF', '\u{10000}', '\u007F', '\u0080'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
const text = (minLength: number) =>
  fc.array(char, { minLength, maxLength: 6 }).map((chars) => chars.join(''));

describe('prefixUpperBound', () => {
  it('bounds exactly the strings that start with the prefix', () => {
    fc.assert(
      fc.property(text(1), text(0), (prefix, other) => {
        const upper = prefixUpperBound(prefix);
        for (const candidate of [other, prefix + other, prefix.slice(0, -1) + other]) {
          const inRange =
            compare(candidate, prefix) >= 0 && (upper === undefined || compare(candidate, upper) < 0);
          expect(inRange).toBe(candidate.startsWith(prefix));
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('skips the surrogate gap and carries past U+10FFFF', () => {
    expect(prefixUpperBound('abc')).toBe('abd');
    expect(prefixUpperBound('a\uD7FF')).toBe('a\uE000');
    expect(prefixUpperBound('a\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('a\u{10FFFF}\u{10FFFF}')).toBe('b');
    expect(prefixUpperBound('\u{10FFFF}')).toBeUndefined();
    expect(prefixUpperBound('\uFFFF')).toBe('\u{10000}');
  });
});
