import { WebClient } from '@slack/web-api';
import { awsFactoryFromEnv } from './aws/aws-clients.js';
import { loadConfig } from './config/load-config.js';
import { configSchema } from './config/schema.js';
import { createLogger, type Logger, secretsFromEnv } from './logger.js';
import { DEFAULT_STORE, defaultRegion, type RuntimeEnv, readRuntimeEnv } from './runtime-env.js';
import { buildServices, type ServiceDeps } from './services.js';
import { auditChannelNotifier } from './slack/audit-notifier.js';
import { ChannelPacer } from './slack/channel-pacer.js';
import { type RunningSlackApp, startSlackFrontDoor } from './slack/slack-app.js';
import { SlackGroupDirectory } from './slack/slack-group-directory.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';

export interface ServeOptions {
  configPath?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logger?: Logger;
  /** Overrides PORT / HOST (tests bind 127.0.0.1 on port 0). */
  port?: number;
  host?: string;
  /** Passed to the environments service (the sandbox polls its fast-running emulated AWS often). */
  environmentTiming?: ServiceDeps['environmentTiming'];
}

export interface RunningBot {
  mode: 'socket' | 'http';
  port: number;
  slack: RunningSlackApp;
  store: Store;
  logger: Logger;
  stop(): Promise<void>;
}

/** The composition root for the bot: config, adapters, Slack front door. */
export async function serve(options: ServeOptions = {}): Promise<RunningBot> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const runtime: RuntimeEnv = readRuntimeEnv(env);
  const logger =
    options.logger ?? createLogger({ level: runtime.LOG_LEVEL ?? 'info', secrets: secretsFromEnv(env) });
  if (!runtime.SLACK_BOT_TOKEN)
    throw new Error('SLACK_BOT_TOKEN is not set; `infrabot serve` without it starts the sandbox.');

  const loaded = await loadConfig(options.configPath, env, cwd);
  if (!loaded) {
    throw new Error(
      'No config found: create infrabot.yml (start from infrabot.example.yml), or set INFRABOT_CONFIG or INFRABOT_CONFIG_YAML.',
    );
  }
  const config = loaded.config ?? configSchema.parse({});
  const client = new WebClient(runtime.SLACK_BOT_TOKEN, {
    ...(runtime.SLACK_API_URL ? { slackApiUrl: runtime.SLACK_API_URL } : {}),
  });
  const identity = await client.auth.test().catch((error: Error) => {
    throw new Error(
      `Slack rejected SLACK_BOT_TOKEN (${error.message}). Copy the Bot User OAuth Token from your Slack app's OAuth & Permissions page.`,
    );
  });
  if (!identity.bot_id || !identity.user_id)
    throw new Error('SLACK_BOT_TOKEN is not a bot token (auth.test returned no bot_id).');

  const pacer = new ChannelPacer();
  const store = await openStore(runtime.INFRABOT_STORE ?? DEFAULT_STORE);
  const services = buildServices({
    config,
    store,
    logger,
    region: defaultRegion(runtime),
    aws: awsFactoryFromEnv(env),
    ...(options.environmentTiming ? { environmentTiming: options.environmentTiming } : {}),
    groups: new SlackGroupDirectory(client),
    ...(config.access.audit_channel
      ? { auditNotify: auditChannelNotifier(client, config.access.audit_channel, pacer) }
      : {}),
  });
  const slack = await startSlackFrontDoor({
    botToken: runtime.SLACK_BOT_TOKEN,
    ...(runtime.SLACK_APP_TOKEN ? { appToken: runtime.SLACK_APP_TOKEN } : {}),
    ...(runtime.SLACK_SIGNING_SECRET ? { signingSecret: runtime.SLACK_SIGNING_SECRET } : {}),
    ...(runtime.SLACK_API_URL ? { slackApiUrl: runtime.SLACK_API_URL } : {}),
    port: options.port ?? Number(runtime.PORT ?? 3000),
    host: options.host ?? runtime.HOST ?? (runtime.SLACK_APP_TOKEN ? '127.0.0.1' : '0.0.0.0'),
    botId: identity.bot_id,
    botUserId: identity.user_id,
    services,
    logger,
    pacer,
  });
  logger.info({ config: loaded.source, team: identity.team, mode: slack.mode }, 'infrabot is running');
  return {
    mode: slack.mode,
    port: slack.port,
    slack,
    store,
    logger,
    async stop() {
      await slack.stop();
      await store.close();
    },
  };
}
