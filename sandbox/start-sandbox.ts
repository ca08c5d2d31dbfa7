import { readFile } from 'node:fs/promises';
import { createLogger, type Logger } from '../src/logger.js';
import { type RunningBot, serve } from '../src/main.js';
import type { Ticker } from '../src/schedules/ticker.js';
import { packageFile } from '../src/util/package-root.js';
import { seedInfraRepo, seedSlackWorkspace } from './demo-workspace.js';
import { type AwsEmulator, startAwsEmulator } from './emulators/aws/index.js';
import { seedDemoWorld, seedIncidentStory } from './emulators/aws/seed-demo-world.js';
import { type GitHubEmulator, startGitHubEmulator } from './emulators/github/index.js';
import { type SlackEmulator, startSlackEmulator } from './emulators/slack/index.js';
import { startSandboxWebServer } from './web-server.js';

/** Not secrets: they only ever reach the local emulators. */
const SANDBOX_BOT_TOKEN = 'xoxb-0000000000-0000000000-sandboxsandboxsandbox';
const SANDBOX_SIGNING_SECRET = 'sandbox-signing-secret-not-a-secret';
const SANDBOX_GITHUB_TOKEN = 'sandbox-github-token';

export interface SandboxOptions {
  env?: NodeJS.ProcessEnv;
  /** Drives the scheduler; tests pass a ManualTicker so the time of day can't stop dev under them. */
  ticker?: Ticker;
  cwd?: string;
  configPath?: string;
  /** Port of the web page (default SANDBOX_PORT or 3100; 0 picks one). */
  port?: number;
  /** Simulated seconds per real second for AWS (default 60: a database stops in seconds). */
  speed?: number;
  logger?: Logger;
}

export interface Sandbox {
  url: string;
  slack: SlackEmulator;
  aws: AwsEmulator;
  github: GitHubEmulator;
  bot: RunningBot;
  stop(): Promise<void>;
}

/**
 * `npm start` without Slack credentials: the unchanged bot, in HTTP mode, against local
 * emulators of Slack, AWS and GitHub, with a web page that looks like a Slack channel.
 * Nothing here can reach a real service: every endpoint is on 127.0.0.1.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL ?? 'warn' });
  const started: Array<{ close(): Promise<void> }> = [];
  try {
    const [slack, aws, github] = await Promise.all([
      startSlackEmulator({ botToken: SANDBOX_BOT_TOKEN, signingSecret: SANDBOX_SIGNING_SECRET }),
      startAwsEmulator({ speed: options.speed ?? 60 }),
      startGitHubEmulator({ tokens: [SANDBOX_GITHUB_TOKEN] }),
    ]);
    started.push(slack, aws, github);
    seedSlackWorkspace(slack);
    seedDemoWorld(aws.world);
    seedIncidentStory(aws.world);
    seedInfraRepo(github);

    // Every AWS call must reach the emulator, never a real account, whatever credentials the
    // shell has: the endpoint and keys below are passed to the bot, which gives them to every SDK
    // client explicitly (the process environment is left as it was).
    const configPath = options.configPath ?? packageFile('infrabot.example.yml');
    const bot = await serve({
      ...(options.ticker ? { ticker: options.ticker } : {}),
      env: {
        SLACK_BOT_TOKEN: SANDBOX_BOT_TOKEN,
        SLACK_SIGNING_SECRET: SANDBOX_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        GITHUB_TOKEN: SANDBOX_GITHUB_TOKEN,
        GITHUB_API_URL: github.url,
        INFRABOT_STORE: env.INFRABOT_STORE ?? 'memory',
        INFRABOT_CONFIG_YAML: await readFile(configPath, 'utf8'),
        AWS_REGION: 'ap-northeast-1',
        AWS_ENDPOINT_URL: aws.url,
        AWS_ACCESS_KEY_ID: 'sandbox',
        AWS_SECRET_ACCESS_KEY: 'sandbox',
        // Alarm events arrive on the queue the emulated EventBridge rule fills.
        INFRABOT_ALARM_QUEUE_URL: aws.world.queue('infrabot-alarms')!.url,
        ...(env.LOG_LEVEL ? { LOG_LEVEL: env.LOG_LEVEL } : {}),
      },
      cwd: options.cwd ?? process.cwd(),
      port: 0,
      host: '127.0.0.1',
      logger,
      // The emulated AWS runs `speed` times faster than real time: look at it as often.
      environmentTiming: { pollIntervalMs: Math.max(100, Math.round(15_000 / (options.speed ?? 60))) },
      // SQS runs on the emulator's fast clock too: keep a message invisible a real minute while
      // Slack takes it, not 60 emulated seconds (one real second at the default speed).
      alertSettings: { queueVisibilitySeconds: Math.min(43_200, 60 * (options.speed ?? 60)) },
    });
    started.push({ close: () => bot.stop() });
    slack.setAppEventsUrl(`http://127.0.0.1:${bot.port}/slack/events`);

    const web = await startSandboxWebServer({
      port: options.port ?? Number(env.SANDBOX_PORT ?? 3100),
      slackUrl: slack.url,
      awsUrl: aws.url,
      githubUrl: github.url,
    });
    started.push(web);
    return {
      url: web.url,
      slack,
      aws,
      github,
      bot,
      async stop() {
        for (const s of started.reverse()) await s.close().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const s of started.reverse()) await s.close().catch(() => undefined);
    throw error;
  }
}
