import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values are secrets or bearer capabilities wherever they appear in a log object.
 * `response_url` and `trigger_id` are not passwords, but anyone holding one can post as the bot
 * (5 times in 30 min) or open a modal, so they are treated like tokens.
 */
const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'signing_secret',
  'authorization',
  'Authorization',
  'response_url',
  'responseUrl',
  'trigger_id',
  'triggerId',
  'password',
  'privateKey',
  'private_key',
  'secretAccessKey',
  'sessionToken',
  'x-slack-signature',
];

const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
];

/**
 * Patterns of secrets that may hide inside free text (an error message quoting a URL, a payload
 * logged as a string). Path-based redaction can't see these, so strings are scrubbed too.
 */
const SECRET_PATTERNS: RegExp[] = [
  /xox[abposr]-[A-Za-z0-9-]+/g, // Slack bot/user/legacy tokens
  /xapp-[A-Za-z0-9-]+/g, // Slack app-level (Socket Mode) tokens
  /https?:\/\/[^\s"']*\/(?:commands|actions|response)\/[^\s"']+/g, // response_url (hooks.slack.com/... and emulators)
  /\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{10,}/g, // GitHub tokens
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /\b\d{6,}\.\d{6,}\.[a-f0-9]{16,}\b/g, // Slack trigger_id shape
];

export const REDACTED = '[redacted]';

/** Replaces anything that looks like a secret inside a string. */
export function scrubSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const secret of extraSecrets) {
    if (secret.length >= 8) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

function scrubDeep(value: unknown, extra: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, extra);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubSecrets(value.message, extra),
      stack: scrubSecrets(value.stack ?? '', extra),
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, extra, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, extra, depth + 1);
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Literal secret values (from the environment) to scrub wherever they appear. */
  secrets?: readonly string[];
  destination?: DestinationStream;
  /**
   * Keep stack traces of logged errors (default). The terminal drops them unless LOG_LEVEL is
   * debug: its user reads the explained message, not a trace.
   */
  stacks?: boolean;
}

/** Structured JSON logs to stdout (or `destination`), with secrets removed by key and by pattern. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 8);
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'infrabot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      ...(options.stacks === false
        ? {
            serializers: {
              err: (err: unknown) => {
                const e = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
                const { stack: _stack, ...rest } = e;
                return rest;
              },
            },
          }
        : {}),
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubDeep(object, secrets) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a, secrets) : a));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

type SecretName = (typeof SECRET_NAMES)[number];
const SECRET_NAMES = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'GITHUB_TOKEN',
  'GITHUB_APP_PRIVATE_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
] as const;

/** The secret values of the environment, so they are scrubbed even where no pattern knows them. */
export function secretsFromEnv(env: Partial<Record<SecretName, string | undefined>>): string[] {
  return SECRET_NAMES.map((n) => env[n]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}
