/** Splits a command line into words: whitespace separates, "double" and 'single' quotes group, \ escapes. */
export type TokenizeResult = { ok: true; words: string[] } | { ok: false; error: string };

export const MAX_COMMAND_LENGTH = 2_000;

export function tokenize(input: string): TokenizeResult {
  if (input.length > MAX_COMMAND_LENGTH) {
    return {
      ok: false,
      error: `That command is ${input.length} characters long; the limit is ${MAX_COMMAND_LENGTH}.`,
    };
  }
  // Slack turns quotes into typographic ones on some clients; treat them as plain quotes.
  const text = input.replace(/[“”„]/g, '"').replace(/[‘’‚]/g, "'");
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) return { ok: false, error: `A ${quote} quote is not closed. Close it, or remove it.` };
  if (inWord) words.push(current);
  return { ok: true, words };
}

/** Quotes a word back when needed, so a parsed command can be shown (and re-run) exactly. */
export function quoteWord(word: string): string {
  return word === '' || /[\s"'\\]/.test(word) ? `"${word.replace(/["\\]/g, '\\$&')}"` : word;
}
