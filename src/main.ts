import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { WebClient } from '@slack/web-api';
import { awsFactoryFromEnv } from './aws/aws-clients.js';
import type { Clock } from './clock.js';
import { loadConfig } from './config/load-config.js';
import { createLogger, type Logger, secretsFromEnv } from './logger.js';
import { DEFAULT_STORE, defaultRegion, type RuntimeEnv, readRuntimeEnv } from './runtime-env.js';
import type { Ticker } from './schedules/ticker.js';
import { buildServices, githubDeps, type ServiceDeps } from './services.js';
import { auditChannelNotifier } from './slack/audit-notifier.js';
import { ChannelPacer } from './slack/channel-pacer.js';
import { type RunningSlackApp, startSlackFrontDoor } from './slack/slack-app.js';
import { SlackGroupDirectory } from './slack/slack-group-directory.js';
import { SlackPublisher } from './slack/slack-publisher.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { buildWorkers, type WorkerDeps } from './workers/all-workers.js';
import { InFlight } from './workers/in-flight.js';
import { WorkerHost } from './workers/worker-host.js';

/**
 * How long shutdown waits for work in flight. ECS sends SIGKILL 30 s after SIGTERM (stopTimeout in
 * infra/ecs.tf); `infrabot serve` exits by itself at 28 s whatever happens (HARD_EXIT_MS in cli.ts).
 */
export const DEFAULT_DRAIN_TIMEOUT_MS = 25_000;

export interface ServeOptions {
  configPath?: string;
  /** The environment to read (default: the process's, through readRuntimeEnv). */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logger?: Logger;
  /** Overrides PORT / HOST (tests bind 127.0.0.1 on port 0). */
  port?: number;
  host?: string;
  /** Passed to the environments service (the sandbox polls its fast-running emulated AWS often). */
  environmentTiming?: ServiceDeps['environmentTiming'];
  /** How long `stop()` lets commands in flight and background workers drain (ECS's stopTimeout must be larger). */
  drainTimeoutMs?: number;
  /** Faster background loops (tests, the sandbox). */
  workerTiming?: WorkerDeps['timing'];
  /** Tests drive time: a fake clock and a hand-fired ticker for the scheduler. */
  clock?: Clock;
  ticker?: Ticker;
  /** Alert timings (grouping, pacing of thread replies and parent edits), for tests and benchmarks. */
  alertSettings?: ServiceDeps['alertSettings'];
}

export interface RunningBot {
  mode: 'socket' | 'http';
  port: number;
  slack: RunningSlackApp;
  store: Store;
  logger: Logger;
  workers: WorkerHost;
  /** Front-door commands still running after their ack (a stop started from Slack). */
  inFlight: InFlight;
  /** Drains commands in flight and the workers (no new work, in-flight work finished or handed back), then closes Slack and the store. */
  stop(): Promise<void>;
}

/** The composition root for the bot: config, adapters, Slack front door. */
export async function serve(options: ServeOptions = {}): Promise<RunningBot> {
  const cwd = options.cwd ?? process.cwd();
  const runtime: RuntimeEnv = readRuntimeEnv(options.env);
  const logger =
    options.logger ?? createLogger({ level: runtime.LOG_LEVEL ?? 'info', secrets: secretsFromEnv(runtime) });
  if (!runtime.SLACK_BOT_TOKEN)
    throw new Error('SLACK_BOT_TOKEN is not set; `infrabot serve` without it starts the sandbox.');

  if (!runtime.SLACK_APP_TOKEN && !runtime.SLACK_SIGNING_SECRET) {
    throw new Error('HTTP mode needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN to use Socket Mode).');
  }
  const client = new WebClient(runtime.SLACK_BOT_TOKEN, {
    ...(runtime.SLACK_API_URL ? { slackApiUrl: runtime.SLACK_API_URL } : {}),
  });
  // Independent start-up steps run together: Slack's auth.test is a network round trip.
  const [configResult, identityResult, storeResult] = await Promise.allSettled([
    loadConfig(options.configPath, runtime, cwd),
    client.auth.test(),
    openStore(runtime.INFRABOT_STORE ?? DEFAULT_STORE),
  ]);
  const opened = storeResult.status === 'fulfilled' ? storeResult.value : undefined;
  const fail = async (error: unknown): Promise<never> => {
    await opened?.close();
    throw error;
  };
  if (storeResult.status === 'rejected') return fail(storeResult.reason);
  const store = storeResult.value;
  if (configResult.status === 'rejected') return fail(configResult.reason);
  if (identityResult.status === 'rejected') {
    return fail(
      new Error(
        `Slack rejected SLACK_BOT_TOKEN (${(identityResult.reason as Error).message}). Copy the Bot User OAuth Token from your Slack app's OAuth & Permissions page.`,
      ),
    );
  }
  const loaded = configResult.value;
  const identity = identityResult.value;
  if (!loaded) {
    return fail(
      new Error(
        'No config found: create infrabot.yml (start from infrabot.example.yml), or set INFRABOT_CONFIG or INFRABOT_CONFIG_YAML.',
      ),
    );
  }
  const botId = identity.bot_id;
  const botUserId = identity.user_id;
  if (!botId || !botUserId)
    return fail(new Error('SLACK_BOT_TOKEN is not a bot token (auth.test returned no bot_id).'));
  const config = loaded.config;
  // A hair under Slack's 1 post/s per channel: Slack counts arrivals, we count sends, and a send
  // delayed by a busy event loop would otherwise arrive too close to the next one (a 429).
  const pacer = new ChannelPacer({ perSecond: 0.95 });
  // Its own client: it must see 429s itself (one hot channel may not pause every other call).
  const publisher = new SlackPublisher({
    client: new WebClient(runtime.SLACK_BOT_TOKEN, {
      rejectRateLimitedCalls: true,
      // A few quick retries, not the library's default of ten over half an hour: what the bot
      // posts outside a request is kept in the store until Slack accepted it (alert incidents,
      // schedule notices), so a call that keeps failing must fail, not hold a worker (or a
      // shutdown) for thirty minutes.
      retryConfig: { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
      ...(runtime.SLACK_API_URL ? { slackApiUrl: runtime.SLACK_API_URL } : {}),
    }),
    logger,
    posts: pacer,
  });
  const aws = awsFactoryFromEnv(runtime);
  const instanceId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const alarmQueueUrl = runtime.INFRABOT_ALARM_QUEUE_URL ?? config.alerts?.queue_url;
  const services = buildServices({
    config,
    instanceId,
    ...(alarmQueueUrl ? { alarmQueueUrl } : {}),
    ...(options.alertSettings ? { alertSettings: options.alertSettings } : {}),
    store,
    logger,
    region: defaultRegion(runtime),
    aws,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.environmentTiming
      ? { environmentTiming: options.environmentTiming }
      : runtime.INFRABOT_POLL_INTERVAL_MS
        ? { environmentTiming: { pollIntervalMs: runtime.INFRABOT_POLL_INTERVAL_MS } }
        : {}),
    groups: new SlackGroupDirectory(client),
    ...(config.access.audit_channel
      ? { auditNotify: auditChannelNotifier(publisher, config.access.audit_channel) }
      : {}),
    publisher,
    ...githubDeps(runtime, logger, config),
  });
  const inFlight = new InFlight(logger);
  const slack = await startSlackFrontDoor({
    botToken: runtime.SLACK_BOT_TOKEN,
    ...(runtime.SLACK_APP_TOKEN ? { appToken: runtime.SLACK_APP_TOKEN } : {}),
    ...(runtime.SLACK_SIGNING_SECRET ? { signingSecret: runtime.SLACK_SIGNING_SECRET } : {}),
    ...(runtime.SLACK_API_URL ? { slackApiUrl: runtime.SLACK_API_URL } : {}),
    port: options.port ?? Number(runtime.PORT ?? 3000),
    host: options.host ?? runtime.HOST ?? (runtime.SLACK_APP_TOKEN ? '127.0.0.1' : '0.0.0.0'),
    botId,
    botUserId,
    services,
    logger,
    pacer,
    inFlight,
  }).catch(async (error: unknown) => {
    // Port in use, Socket Mode refused…: don't leave the store open behind a failed start.
    await store.close();
    throw error;
  });
  // Background work starts only once the front door is ready (buttons on what it posts must work).
  const drainTimeoutMs =
    options.drainTimeoutMs ?? runtime.INFRABOT_DRAIN_TIMEOUT_MS ?? DEFAULT_DRAIN_TIMEOUT_MS;
  const workers = new WorkerHost(
    buildWorkers({
      services,
      publisher,
      runtime,
      logger,
      instanceId,
      ...(options.workerTiming ? { timing: options.workerTiming } : {}),
      aws,
      ...(options.ticker ? { ticker: options.ticker } : {}),
    }),
    { logger, drainTimeoutMs },
  );
  await workers.start();
  logger.info({ config: loaded.source, team: identity.team, mode: slack.mode }, 'infrabot is running');
  let stopping: Promise<void> | undefined;
  return {
    mode: slack.mode,
    port: slack.port,
    slack,
    store,
    logger,
    workers,
    inFlight,
    stop() {
      stopping ??= (async () => {
        // New commands are refused from here on; running ones and the workers get one deadline.
        const deadline = Date.now() + drainTimeoutMs;
        const [report] = await Promise.all([inFlight.drain(deadline), workers.stop()]);
        logger.info(report, 'commands in flight drained');
        await slack.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}
