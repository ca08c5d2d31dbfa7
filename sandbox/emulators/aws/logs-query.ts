import { AwsError } from './errors.js';

/**
 * The part of the Logs Insights query language the emulator understands: `fields`, `filter`
 * (`like` / `not like` a /regex/ or "text", `=` / `!=` a "text"), `stats` (count(*), count(f),
 * earliest / latest / min / max of a field, `by` fields), `sort <field> [asc|desc]` and
 * `limit <n>`. Anything else is answered with MalformedQueryException, as a query Logs Insights
 * cannot compile is: the emulator never pretends to run a query it does not understand.
 */

export interface EventRow {
  timestamp: number;
  message: string;
  stream: string;
  group: string;
}

type Condition =
  | { kind: 'like'; field: string; test: (value: string) => boolean; negate: boolean }
  | { kind: 'eq'; field: string; value: string; negate: boolean };

interface Aggregate {
  fn: 'count' | 'earliest' | 'latest' | 'min' | 'max';
  field?: string;
  as: string;
}

type Command =
  | { kind: 'fields'; fields: string[] }
  | { kind: 'filter'; condition: Condition }
  | { kind: 'stats'; aggregates: Aggregate[]; by: string[] }
  | { kind: 'sort'; field: string; descending: boolean }
  | { kind: 'limit'; n: number };

export interface CompiledQuery {
  commands: Command[];
}

export interface QueryRun {
  rows: Array<Array<{ field: string; value: string }>>;
  recordsScanned: number;
  recordsMatched: number;
  bytesScanned: number;
}

/** CloudWatch Logs bills an event as its message's UTF-8 bytes plus 26 bytes. */
const EVENT_OVERHEAD_BYTES = 26;

function malformed(query: string, at: number, message: string): AwsError {
  return new AwsError('MalformedQueryException', message, {
    extra: {
      queryCompileError: {
        location: { start: at, end: Math.max(at, query.length - 1) },
        message,
      },
    },
  });
}

/** Splits on `|` outside regex literals and quotes. */
function splitCommands(query: string): Array<{ text: string; at: number }> {
  const parts: Array<{ text: string; at: number }> = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < query.length; i++) {
    const ch = query[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'" || (ch === '/' && /\blike\s*$/.test(query.slice(start, i)))) {
      quote = ch;
    } else if (ch === '|') {
      parts.push({ text: query.slice(start, i), at: start });
      start = i + 1;
    }
  }
  parts.push({ text: query.slice(start), at: start });
  return parts.filter((p) => p.text.trim() !== '');
}

const FIELD = /^@?[A-Za-z_][A-Za-z0-9_.]*$/;

function likeTest(pattern: string, query: string, at: number): (value: string) => boolean {
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (regex) {
    let body = regex[1]!;
    let flags = regex[2]!;
    // Logs Insights takes RE2-style inline flags; JavaScript wants them as flags.
    if (body.startsWith('(?i)')) {
      body = body.slice(4);
      flags += 'i';
    }
    try {
      const re = new RegExp(body, [...new Set(flags)].join(''));
      return (v) => re.test(v);
    } catch {
      throw malformed(query, at, `Invalid regular expression ${pattern}`);
    }
  }
  const text = /^(["'])(.*)\1$/s.exec(pattern);
  if (text) return (v) => v.includes(text[2]!);
  throw malformed(query, at, `Expected a /regex/ or a "string" after like, found ${pattern}`);
}

export function compileQuery(query: string): CompiledQuery {
  const commands: Command[] = [];
  for (const { text, at } of splitCommands(query)) {
    const trimmed = text.trim();
    const [word = '', ...restWords] = trimmed.split(/\s+/);
    const rest = trimmed.slice(word.length).trim();
    switch (word.toLowerCase()) {
      case 'fields': {
        const fields = rest.split(',').map((f) => f.trim());
        if (fields.some((f) => !FIELD.test(f))) throw malformed(query, at, `Invalid fields: ${rest}`);
        commands.push({ kind: 'fields', fields });
        break;
      }
      case 'filter': {
        const like = /^(@?[\w.]+)\s+(not\s+)?like\s+(.+)$/is.exec(rest);
        const eq = /^(@?[\w.]+)\s*(!=|=)\s*(["'])(.*)\3$/s.exec(rest);
        if (like) {
          commands.push({
            kind: 'filter',
            condition: {
              kind: 'like',
              field: like[1]!,
              negate: Boolean(like[2]),
              test: likeTest(like[3]!.trim(), query, at),
            },
          });
        } else if (eq) {
          commands.push({
            kind: 'filter',
            condition: { kind: 'eq', field: eq[1]!, value: eq[4]!, negate: eq[2] === '!=' },
          });
        } else throw malformed(query, at, `Unsupported filter expression: ${rest}`);
        break;
      }
      case 'stats': {
        const m = /^(.+?)(?:\s+by\s+(.+))?$/is.exec(rest);
        if (!m) throw malformed(query, at, 'stats needs an aggregation');
        const aggregates = m[1]!.split(',').map((part) => {
          const a =
            /^\s*(count|earliest|latest|min|max)\(\s*(\*|@?[\w.]+)\s*\)(?:\s+as\s+([A-Za-z_]\w*))?\s*$/i.exec(
              part,
            );
          if (!a) throw malformed(query, at, `Unsupported aggregation: ${part.trim()}`);
          const fn = a[1]!.toLowerCase() as Aggregate['fn'];
          if (a[2] === '*' && fn !== 'count') throw malformed(query, at, `${fn}(*) is not valid`);
          return {
            fn,
            ...(a[2] !== '*' ? { field: a[2]! } : {}),
            as: a[3] ?? `${fn}(${a[2]})`,
          };
        });
        const by = m[2] ? m[2].split(',').map((f) => f.trim()) : [];
        if (by.some((f) => !FIELD.test(f))) throw malformed(query, at, `Invalid stats by: ${m[2]}`);
        commands.push({ kind: 'stats', aggregates, by });
        break;
      }
      case 'sort': {
        const [field, order, ...extra] = restWords;
        if (!field || extra.length > 0 || (order && !/^(asc|desc)$/i.test(order)))
          throw malformed(query, at, `Invalid sort: ${rest}`);
        commands.push({ kind: 'sort', field, descending: order?.toLowerCase() !== 'asc' });
        break;
      }
      case 'limit': {
        const n = Number(rest);
        if (!Number.isInteger(n) || n < 1 || n > 10_000)
          throw malformed(query, at, `limit must be an integer from 1 to 10000, found ${rest}`);
        commands.push({ kind: 'limit', n });
        break;
      }
      default:
        throw malformed(query, at, `Unexpected symbol ${word}`);
    }
  }
  if (commands.length === 0) throw malformed(query, 0, 'The query is empty');
  return { commands };
}

/** How Logs Insights prints @timestamp: `2026-12-01 09:40:00.000` (UTC). */
export function insightsTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

type Row = Record<string, string | number>;

function fieldOf(e: EventRow, field: string): string | number | undefined {
  switch (field) {
    case '@timestamp':
      return e.timestamp;
    case '@message':
      return e.message;
    case '@logStream':
      return e.stream;
    case '@log':
      return e.group;
    default:
      return undefined;
  }
}

function show(field: string, value: string | number): string {
  return typeof value === 'number' && /timestamp|^first$|^last$/i.test(field)
    ? insightsTime(value)
    : String(value);
}

export function runQuery(query: CompiledQuery, events: readonly EventRow[], limit: number): QueryRun {
  const bytesScanned = events.reduce(
    (n, e) => n + Buffer.byteLength(e.message, 'utf8') + EVENT_OVERHEAD_BYTES,
    0,
  );
  let matched = [...events];
  let rows: Row[] | undefined;
  let shown: string[] | undefined;
  let max = limit;
  const timestamps = new Set<string>(['@timestamp']);
  for (const command of query.commands) {
    switch (command.kind) {
      case 'filter': {
        const c = command.condition;
        const keep = (v: string | number | undefined) => {
          const s = v === undefined ? '' : String(v);
          const hit = c.kind === 'like' ? c.test(s) : s === c.value;
          return c.negate ? !hit : hit;
        };
        if (rows) rows = rows.filter((r) => keep(r[c.field]));
        else matched = matched.filter((e) => keep(fieldOf(e, c.field)));
        break;
      }
      case 'fields':
        shown = command.fields;
        break;
      case 'stats': {
        const groups = new Map<string, { by: Row; items: EventRow[] }>();
        for (const e of matched) {
          const by: Row = {};
          for (const f of command.by) by[f] = fieldOf(e, f) ?? '';
          const k = JSON.stringify(by);
          const g = groups.get(k) ?? { by, items: [] };
          groups.set(k, g);
          g.items.push(e);
        }
        rows = [...groups.values()].map(({ by, items }) => {
          const row: Row = { ...by };
          for (const a of command.aggregates) {
            const values = a.field
              ? items.map((e) => fieldOf(e, a.field!)).filter((v) => v !== undefined)
              : items;
            if (a.fn === 'count') row[a.as] = values.length;
            else {
              const nums = values.map((v) => (typeof v === 'number' ? v : Number.NaN));
              const sorted = nums.filter(Number.isFinite).sort((x, y) => x - y);
              const pick = a.fn === 'earliest' || a.fn === 'min' ? sorted[0] : sorted[sorted.length - 1];
              if (pick !== undefined) row[a.as] = pick;
              if (a.field === '@timestamp') timestamps.add(a.as);
            }
          }
          return row;
        });
        shown = [...command.by, ...command.aggregates.map((a) => a.as)];
        break;
      }
      case 'sort': {
        const get = (r: Row) => r[command.field];
        const dir = command.descending ? -1 : 1;
        const cmp = (a: string | number | undefined, b: string | number | undefined) =>
          a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a < b ? -dir : dir;
        if (rows) rows.sort((a, b) => cmp(get(a), get(b)));
        else matched.sort((a, b) => cmp(fieldOf(a, command.field), fieldOf(b, command.field)));
        break;
      }
      case 'limit':
        max = Math.min(max, command.n);
        break;
    }
  }
  const recordsMatched = matched.length;
  const table: Row[] =
    rows ??
    matched.map((e) => {
      const row: Row = {};
      for (const f of shown ?? ['@timestamp', '@message']) {
        const v = fieldOf(e, f);
        if (v !== undefined) row[f] = v;
      }
      row['@ptr'] = Buffer.from(`${e.group}|${e.stream}|${e.timestamp}`).toString('base64');
      return row;
    });
  return {
    rows: table.slice(0, max).map((r) =>
      Object.entries(r).map(([field, value]) => ({
        field,
        value: timestamps.has(field) && typeof value === 'number' ? insightsTime(value) : show(field, value),
      })),
    ),
    recordsScanned: events.length,
    recordsMatched,
    bytesScanned,
  };
}
