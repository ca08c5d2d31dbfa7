import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import type { RuntimeEnv } from '../runtime-env.js';
import { closest } from '../util/suggest.js';
import { type Config, configSchema } from './schema.js';

/** A config that can't be used; `problems` are one line each, `path: what is wrong and how to fix it`. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not a valid infrabot config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: Config;
  /** Where it came from, for messages: a file path or `INFRABOT_CONFIG_YAML`. */
  source: string;
}

/** The variables that point at a config (from readRuntimeEnv). */
export type ConfigEnv = Partial<Pick<RuntimeEnv, 'INFRABOT_CONFIG' | 'INFRABOT_CONFIG_YAML'>>;

const MAX_CONFIG_BYTES = 256 * 1024;

/** Which config to read: `--config`, then INFRABOT_CONFIG, then INFRABOT_CONFIG_YAML, then ./infrabot.yml. */
export function locateConfig(
  explicitPath: string | undefined,
  env: ConfigEnv,
  cwd: string,
): { path: string } | { inline: string } | undefined {
  if (explicitPath) return { path: resolve(cwd, explicitPath) };
  if (env.INFRABOT_CONFIG) return { path: resolve(cwd, env.INFRABOT_CONFIG) };
  if (env.INFRABOT_CONFIG_YAML) return { inline: env.INFRABOT_CONFIG_YAML };
  const local = resolve(cwd, 'infrabot.yml');
  return existsSync(local) ? { path: local } : undefined;
}

export async function loadConfigFile(path: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'the file does not exist: check the path, or copy infrabot.example.yml to start from'
        : code === 'EACCES'
          ? 'permission denied: make it readable by the user running infrabot'
          : code === 'EISDIR'
            ? 'that is a directory: point at the infrabot.yml file inside it'
            : (error as Error).message;
    throw new ConfigError(path, [why]);
  }
  return { config: parseConfigText(text, path), source: path };
}

/** Parses and validates YAML text; throws ConfigError listing every problem at once. */
export function parseConfigText(text: string, source: string): Config {
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
    throw new ConfigError(source, [
      `the config is larger than ${MAX_CONFIG_BYTES / 1024} KiB; is this the right file?`,
    ]);
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((e) => {
        const at = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ` : '';
        return `${at}${e.message.split('\n')[0]} (YAML syntax)`;
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error) {
    // yaml refuses alias bombs ("billion laughs") here rather than expanding them.
    throw new ConfigError(source, [`${(error as Error).message} (YAML aliases: use fewer * references)`]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigError(source, [
      'the top level must be a mapping (keys like `environments:`), not a list or a value',
    ]);
  }
  const result = configSchema.safeParse(data);
  if (!result.success) throw new ConfigError(source, formatIssues(result.error.issues, data));
  return result.data;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** The keys the schema accepts at a path, for "did you mean" on typos. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: walking zod's internal definition tree
  let node: any = configSchema;
  const unwrap = () => {
    while (
      node?._zod?.def &&
      ['optional', 'default', 'nullable', 'pipe', 'prefault'].includes(node._zod.def.type)
    ) {
      node = node._zod.def.innerType ?? node._zod.def.in;
    }
  };
  for (const key of path) {
    unwrap();
    const def = node?._zod?.def;
    if (def?.type === 'object') node = def.shape[key as string];
    else if (def?.type === 'record') node = def.valueType;
    else if (def?.type === 'array') node = def.element;
    else return [];
  }
  unwrap();
  return node?._zod?.def?.type === 'object' ? Object.keys(node._zod.def.shape) : [];
}

function formatIssues(issues: readonly z.core.$ZodIssue[], data: unknown): string[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(issue.path);
      return issue.keys
        .map((key) => {
          const hint = closest(key, known);
          return `${path === '(top level)' ? key : `${path}.${key}`}: unknown key${hint ? ` (did you mean \`${hint}\`?)` : ''}; remove it or check the spelling`;
        })
        .join('\n  - ');
    }
    if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? 'is not an accepted name';
      return `${path}: ${JSON.stringify(String(issue.path.at(-1)))} is not a valid name: ${inner}`;
    }
    if (issue.code === 'invalid_type') {
      const actual = valueAt(data, issue.path);
      const got = actual === undefined ? 'nothing' : Array.isArray(actual) ? 'a list' : typeof actual;
      return `${path}: expected ${issue.expected}, got ${got}`;
    }
    const value = valueAt(data, issue.path);
    // Custom messages that already quote the value (cron) read best as-is.
    if (typeof value === 'string' && !issue.message.includes(`"${value}"`)) {
      return `${path}: ${JSON.stringify(value)} ${issue.message}`;
    }
    return `${path}: ${issue.message}`;
  });
}

/** Reads the config the way every command does: --config, INFRABOT_CONFIG, INFRABOT_CONFIG_YAML, ./infrabot.yml. */
export async function loadConfig(
  configPath: string | undefined,
  env: ConfigEnv,
  cwd: string,
): Promise<LoadedConfig | undefined> {
  const located = locateConfig(configPath, env, cwd);
  if (!located) return undefined;
  if ('inline' in located)
    return {
      config: parseConfigText(located.inline, 'INFRABOT_CONFIG_YAML'),
      source: 'INFRABOT_CONFIG_YAML',
    };
  return loadConfigFile(located.path);
}
