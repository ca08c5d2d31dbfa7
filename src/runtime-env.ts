import { z } from 'zod';

/**
 * The environment variables infrabot reads, validated in one place. Secrets live only here (never
 * in infrabot.yml); endpoints are overridable so tests and the sandbox reach local emulators.
 */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const runtimeEnvSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xoxb-'), {
    message: 'must be a bot token starting with xoxb- (OAuth & Permissions page of your Slack app)',
  }),
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message:
      'must be an app-level token starting with xapp- with the connections:write scope (Basic Information page)',
  }),
  SLACK_SIGNING_SECRET: optionalString,
  NODE_ENV: optionalString,
  /** Any value turns colour off in the terminal (no-color.org). */
  NO_COLOR: optionalString,
  USER: optionalString,
  USERNAME: optionalString,
  INFRABOT_CONFIG: optionalString,
  /** The whole config as YAML (containers without a config file); kept as written. */
  INFRABOT_CONFIG_YAML: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v)),
  SLACK_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/.+\/api\/$/.test(v), {
    message: 'must be a URL ending in /api/ (e.g. https://slack.com/api/)',
  }),
  GITHUB_TOKEN: optionalString,
  GITHUB_API_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: 'must be an http(s) URL (GitHub Enterprise Server: https://<host>/api/v3)',
  }),
  /** GitHub App (preferred over GITHUB_TOKEN): numeric app ID, PEM private key, installation ID. */
  GITHUB_APP_ID: optionalString.refine((v) => v === undefined || /^\d+$/.test(v), {
    message: 'must be the numeric App ID (the GitHub App settings page)',
  }),
  // Env files often hold the PEM on one line with literal \n: turn those back into line breaks.
  GITHUB_APP_PRIVATE_KEY: optionalString.transform((v) => v?.replace(/\\n/g, '\n')),
  GITHUB_APP_INSTALLATION_ID: optionalString.refine((v) => v === undefined || /^\d+$/.test(v), {
    message: 'must be the numeric installation ID (in the URL of the installation settings page)',
  }),
  INFRABOT_STORE: optionalString,
  INFRABOT_ALARM_QUEUE_URL: optionalString,
  AWS_REGION: optionalString,
  AWS_DEFAULT_REGION: optionalString,
  /** One endpoint for every AWS client (emulators, tests); per-service ones are read by the SDK. */
  AWS_ENDPOINT_URL: optionalString,
  AWS_ACCESS_KEY_ID: optionalString,
  AWS_SECRET_ACCESS_KEY: optionalString,
  AWS_SESSION_TOKEN: optionalString,
  PORT: optionalString.refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) < 65536), {
    message: 'must be a port number (0–65535)',
  }),
  HOST: optionalString,
  /** Seconds between SIGTERM and SIGKILL on this platform (ECS stopTimeout); infrabot exits before. */
  INFRABOT_STOP_TIMEOUT_SECONDS: optionalString
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 2 && Number(v) <= 120), {
      message: 'must be whole seconds from 2 to 120 (the ECS stopTimeout of the container)',
    })
    .transform((v) => (v === undefined ? undefined : Number(v))),
  /** How often stop/start look at AWS while they wait (default 15000); emulators run faster. */
  INFRABOT_POLL_INTERVAL_MS: optionalString
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 50), {
      message: 'must be a number of milliseconds, at least 50',
    })
    .transform((v) => (v === undefined ? undefined : Number(v))),
  /** How long shutdown waits for commands in flight (default 25 s, under ECS's 30 s stopTimeout). */
  INFRABOT_DRAIN_TIMEOUT_MS: optionalString
    .refine((v) => v === undefined || (/^\d+$/.test(v) && Number(v) <= 25_000), {
      message: 'must be a number of milliseconds up to 25000',
    })
    .transform((v) => (v === undefined ? undefined : Number(v))),
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
    .optional()
    .catch(undefined),
});

export type RuntimeEnv = z.infer<typeof runtimeEnvSchema>;

export class RuntimeEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`The environment is not usable:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'RuntimeEnvError';
  }
}

/**
 * The one place the process environment is read; everything else receives the result (or an env
 * object a test or the sandbox passes), so nothing depends on, or writes, the global one.
 */
export function readRuntimeEnv(env: NodeJS.ProcessEnv = process.env): RuntimeEnv {
  const result = runtimeEnvSchema.safeParse(env);
  if (!result.success) {
    // Never echo the value: these are secrets.
    throw new RuntimeEnvError(result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`));
  }
  return result.data;
}

export function defaultRegion(env: RuntimeEnv): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

export const DEFAULT_STORE = 'sqlite:.infrabot/state.sqlite';
