/**
 * A small Dockerfile reader for static checks (there is no Docker engine in CI): instructions with
 * line continuations and comments resolved, grouped into build stages, plus .dockerignore
 * matching. Covers the syntax our Dockerfile uses, not every corner of the format.
 */

export interface Instruction {
  /** Upper-case keyword, e.g. RUN. */
  keyword: string;
  /** Everything after the keyword, continuations joined with a space. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
}

export interface Stage {
  /** `AS <name>`, lower-cased, or the stage index as a string. */
  name: string;
  /** Base image with global ARG defaults substituted, or the name of an earlier stage. */
  base: string;
  /** `--platform=` of the FROM line, if any. */
  platform?: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function parseInstructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  let current: Instruction | undefined;
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    // Comment lines (also inside a continued instruction) and blank lines carry nothing.
    if (trimmed.startsWith('#') || trimmed === '') continue;
    const continues = /\\$/.test(trimmed);
    const body = continues ? trimmed.slice(0, -1).trim() : trimmed;
    if (current) {
      current.args = `${current.args} ${body}`.trim();
    } else {
      const m = /^(\S+)\s*(.*)$/.exec(body);
      current = { keyword: (m?.[1] ?? '').toUpperCase(), args: m?.[2] ?? '', line: i + 1 };
    }
    if (!continues) {
      out.push(current);
      current = undefined;
    }
  }
  if (current) out.push(current);
  return out;
}

function substitute(value: string, args: Record<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a: string | undefined, b: string | undefined) => {
    const name = a ?? b ?? '';
    return name in args ? (args[name] ?? '') : whole;
  });
}

export function parseDockerfile(text: string): Dockerfile {
  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of parseInstructions(text)) {
    if (ins.keyword === 'FROM') {
      const words = ins.args.split(/\s+/);
      const platform = words.find((w) => w.startsWith('--platform='))?.slice('--platform='.length);
      const rest = words.filter((w) => !w.startsWith('--'));
      const base = substitute(rest[0] ?? '', globalArgs);
      const asIndex = rest.findIndex((w) => w.toUpperCase() === 'AS');
      const name = asIndex >= 0 ? (rest[asIndex + 1] ?? '').toLowerCase() : String(stages.length);
      stages.push({ name, base, platform, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') {
        const [name, ...value] = ins.args.split('=');
        globalArgs[(name ?? '').trim()] = value.join('=').trim();
      }
    } else {
      stages[stages.length - 1]?.instructions.push(ins);
    }
  }
  return { globalArgs, stages };
}

/** Exec-form arguments of CMD/ENTRYPOINT/HEALTHCHECK CMD, or undefined for shell form. */
export function execForm(args: string): string[] | undefined {
  const json = args.slice(args.indexOf('['));
  if (!args.includes('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) && parsed.every((p) => typeof p === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export interface Copy {
  from?: string;
  sources: string[];
  dest: string;
}

export function parseCopy(args: string): Copy {
  const words = args.split(/\s+/).filter(Boolean);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  return { from: from?.toLowerCase(), sources: paths.slice(0, -1), dest: paths[paths.length - 1] ?? '' };
}

/** `KEY=value KEY2=value2` (ENV, LABEL) into a record. */
export function parseKeyValues(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) {
    out[m[1] ?? ''] = (m[2] ?? '').replace(/^"|"$/g, '');
  }
  return out;
}

/** Non-negated .dockerignore patterns as regular expressions over context-relative paths. */
export function dockerignoreMatchers(text: string): RegExp[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('!'))
    .map((pattern) => {
      const clean = pattern.replace(/^\/+|\/+$/g, '');
      let re = '';
      for (let i = 0; i < clean.length; i++) {
        const ch = clean[i] ?? '';
        if (ch === '*' && clean[i + 1] === '*') {
          // `**/` is "any number of directories", `**` alone "anything".
          const dirs = clean[i + 2] === '/';
          re += dirs ? '(.*/)?' : '.*';
          i += dirs ? 2 : 1;
        } else if (ch === '*') re += '[^/]*';
        else if (ch === '?') re += '[^/]';
        else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
      }
      // A matched directory excludes everything below it.
      return new RegExp(`^${re}(/.*)?$`);
    });
}

export function isIgnored(path: string, matchers: RegExp[]): boolean {
  const clean = path.replace(/^\.\/|\/$/g, '');
  return matchers.some((m) => m.test(clean));
}
