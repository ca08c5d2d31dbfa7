import type { Role } from '../access/roles.js';
import type { CommandContext } from './context.js';
import type { CommandResult } from './result.js';

export interface ArgSpec {
  name: string;
  description: string;
  required: boolean;
  /** Takes every remaining word (joined by spaces). Only the last argument may be variadic. */
  variadic?: boolean;
  /** Fixed choices; a typo gets "did you mean". */
  choices?: readonly string[];
}

export interface FlagSpec {
  name: string;
  description: string;
  /** Placeholder of the value (`--reason <text>`); absent for boolean flags. */
  value?: string;
}

/** Flags every verb understands: part of the grammar, not of a verb. */
export interface CommonFlags {
  dryRun: boolean;
  yes: boolean;
}

export interface RawInput {
  args: Record<string, string | undefined>;
  flags: Record<string, string | true>;
}

export type ParamsResult<P> = { ok: true; value: P } | { ok: false; error: string };

export interface VerbDefinition<P = unknown> {
  name: string;
  summary: string;
  /** Longer help shown by `help <verb>`. */
  details?: string;
  args: readonly ArgSpec[];
  flags?: readonly FlagSpec[];
  /** Minimum role to run it. */
  role: Role;
  /** Changes something: always audited, refused on protected environments. */
  mutates: boolean;
  /** Needs an explicit yes (a button, or --yes) before it runs for real. */
  confirm?: boolean;
  /** Whether `--dry-run` means something for this verb. */
  dryRun?: boolean;
  /** The argument that names an environment, for protected-environment and per-environment checks. */
  environmentArg?: string;
  examples: readonly string[];
  /** Raw words to typed parameters, or a message that says what is wrong. */
  params: (input: RawInput, ctx: Pick<CommandContext, 'services'>) => ParamsResult<P>;
  handle: (params: P, ctx: CommandContext, flags: CommonFlags) => Promise<CommandResult>;
}

/** Keeps each verb's parameter type checked in its file, and erases it for the registry. */
export function defineVerb<P>(definition: VerbDefinition<P>): VerbDefinition<unknown> {
  return definition as unknown as VerbDefinition<unknown>;
}

export function usageOf(
  verb: Pick<VerbDefinition, 'name' | 'args' | 'flags' | 'dryRun' | 'confirm'>,
): string {
  const words = [verb.name];
  for (const arg of verb.args) {
    // A required word with one choice is a literal (`incident timeline`), not a placeholder.
    if (arg.required && arg.choices?.length === 1 && !arg.variadic) {
      words.push(arg.choices[0]!);
      continue;
    }
    const label = arg.choices ? arg.choices.join('|') : arg.name;
    const inner = arg.variadic ? `${label}…` : label;
    words.push(arg.required ? `<${inner}>` : `[${inner}]`);
  }
  for (const flag of verb.flags ?? []) words.push(`[--${flag.name}${flag.value ? ` <${flag.value}>` : ''}]`);
  if (verb.dryRun) words.push('[--dry-run]');
  if (verb.confirm) words.push('[--yes]');
  return words.join(' ');
}
