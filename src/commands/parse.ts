import { echo } from '../util/echo.js';
import { closest } from '../util/suggest.js';
import type { CommandContext } from './context.js';
import type { Registry } from './registry.js';
import { quoteWord, tokenize } from './tokenize.js';
import { type CommonFlags, type RawInput, usageOf, type VerbDefinition } from './verb.js';

export interface ParsedCommand {
  verb: VerbDefinition;
  params: unknown;
  flags: CommonFlags;
  /** The command as words, re-quoted: what the audit trail records and what buttons re-run. */
  line: string;
}

export type ParseResult =
  | { ok: true; command: ParsedCommand }
  | { ok: false; error: string; usage?: string; suggestion?: string };

const COMMON_FLAG_ALIASES: Record<string, keyof CommonFlags> = {
  'dry-run': 'dryRun',
  dryrun: 'dryRun',
  n: 'dryRun',
  yes: 'yes',
  y: 'yes',
};

/**
 * Words to a typed command. Never throws: every problem becomes a message that says what to type
 * instead (a "did you mean", or the usage line).
 */
export function parseCommand(
  input: string,
  registry: Registry,
  ctx: Pick<CommandContext, 'services'>,
): ParseResult {
  const tokens = tokenize(input);
  if (!tokens.ok) return { ok: false, error: tokens.error };
  return parseWords(tokens.words, registry, ctx);
}

export function parseWords(
  words: readonly string[],
  registry: Registry,
  ctx: Pick<CommandContext, 'services'>,
): ParseResult {
  const [first, ...restWords] = words;
  const verbWord = (first ?? 'help').toLowerCase();
  const verb = registry.get(verbWord);
  if (!verb) {
    const suggestion = closest(verbWord, registry.names());
    const shown = echo(verbWord);
    return {
      ok: false,
      error: suggestion
        ? `There is no \`${shown}\` command. Did you mean \`${echo([suggestion, ...restWords].map(quoteWord).join(' '), 80)}\`?`
        : `There is no \`${shown}\` command. Type \`help\` to see what infrabot can do.`,
      ...(suggestion ? { suggestion } : {}),
    };
  }
  const usage = usageOf(verb);
  const fail = (error: string): ParseResult => ({ ok: false, error, usage });

  const flags: CommonFlags = { dryRun: false, yes: false };
  const verbFlags: Record<string, string | true> = {};
  const positional: string[] = [];
  const known = new Map((verb.flags ?? []).map((f) => [f.name, f]));
  let endOfFlags = false;
  for (let i = 0; i < restWords.length; i++) {
    const word = restWords[i]!;
    if (endOfFlags || !word.startsWith('-') || word === '-' || /^-\d/.test(word)) {
      positional.push(word);
      continue;
    }
    if (word === '--') {
      endOfFlags = true;
      continue;
    }
    const body = word.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = (eq >= 0 ? body.slice(0, eq) : body).toLowerCase();
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    const common = COMMON_FLAG_ALIASES[name];
    if (common) {
      if (common === 'dryRun' && !verb.dryRun)
        return fail(`\`${verb.name}\` has no --dry-run: it changes nothing.`);
      if (common === 'yes' && !verb.confirm)
        return fail(`\`${verb.name}\` asks for no confirmation; drop --yes.`);
      if (inline !== undefined) return fail(`--${echo(name)} takes no value.`);
      flags[common] = true;
      continue;
    }
    const spec = known.get(name);
    if (!spec) {
      const candidates = [
        ...known.keys(),
        ...(verb.dryRun ? ['dry-run'] : []),
        ...(verb.confirm ? ['yes'] : []),
      ];
      const hint = closest(name, candidates);
      return fail(`\`${verb.name}\` has no --${echo(name)} option.${hint ? ` Did you mean --${hint}?` : ''}`);
    }
    if (spec.value) {
      const value = inline ?? restWords[++i];
      if (value === undefined || value === '')
        return fail(`--${spec.name} needs a value: --${spec.name} <${spec.value}>`);
      verbFlags[spec.name] = value;
    } else {
      if (inline !== undefined) return fail(`--${spec.name} takes no value.`);
      verbFlags[spec.name] = true;
    }
  }

  const args: RawInput['args'] = {};
  let index = 0;
  for (const spec of verb.args) {
    if (spec.variadic) {
      const restArgs = positional.slice(index);
      index = positional.length;
      args[spec.name] = restArgs.length > 0 ? restArgs.join(' ') : undefined;
    } else {
      args[spec.name] = positional[index++];
    }
    const value = args[spec.name];
    if (value === undefined) {
      if (spec.required)
        return fail(`\`${verb.name}\` needs ${article(spec.name)} ${spec.name} (${spec.description}).`);
      continue;
    }
    if (spec.choices && !spec.choices.includes(value.toLowerCase())) {
      const hint = closest(value, spec.choices);
      return fail(
        `\`${echo(value)}\` is not a ${spec.name}: use ${spec.choices.join(', ')}.${hint ? ` Did you mean \`${hint}\`?` : ''}`,
      );
    }
    if (spec.choices) args[spec.name] = value.toLowerCase();
  }
  if (index < positional.length) {
    const extra = positional.slice(index).map(quoteWord).join(' ');
    return fail(`\`${verb.name}\` does not take \`${echo(extra, 60)}\`.`);
  }

  const params = verb.params({ args, flags: verbFlags }, ctx);
  if (!params.ok) return fail(params.error);
  const line = [verb.name, ...restWords].map(quoteWord).join(' ');
  return { ok: true, command: { verb, params: params.value, flags, line } };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
