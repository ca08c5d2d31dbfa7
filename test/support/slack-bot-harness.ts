import { type SlackEmulator, startSlackEmulator } from '../../sandbox/emulators/slack/index.js';
import { type RunningBot, serve } from '../../src/main.js';
import { captureLogger } from './capture-logger.js';
import { TEST_CONFIG } from './test-services.js';

export const BOT_TOKEN = 'xoxb-1000000001-2000000002-testtokentesttokentest';
export const SIGNING_SECRET = 'e2e-signing-secret-0123456789abcdef';

export interface Harness {
  slack: SlackEmulator;
  bot: RunningBot;
  logs: () => string;
  close(): Promise<void>;
}

/**
 * The real bot (serve(), HTTP mode, Bolt, signature checks) on 127.0.0.1 against the Slack
 * emulator: what Slack would send, over real HTTP, both ways.
 */
export async function startHarness(
  options: { config?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Harness> {
  const slack = await startSlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  slack.addUser({ id: 'U0ADMIN', name: 'ada' });
  slack.addUser({ id: 'U0OPERATOR', name: 'olive' });
  slack.addUser({ id: 'U0MEMBER', name: 'max' });
  slack.addUser({ id: 'U0VIEWER', name: 'vic' });
  slack.addUserGroup({ id: 'S0PLATFORM', handle: 'platform', users: ['U0MEMBER'] });
  slack.addChannel({ id: 'C0INFRA', name: 'infra' });
  slack.addChannel({ id: 'C0RANDOM', name: 'random' });
  const { logger, text } = captureLogger({ secrets: [BOT_TOKEN, SIGNING_SECRET] });
  const bot = await serve({
    env: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      INFRABOT_STORE: 'memory',
      INFRABOT_CONFIG_YAML: options.config ?? TEST_CONFIG,
      AWS_REGION: 'ap-northeast-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      ...options.env,
    },
    cwd: process.cwd(),
    port: 0,
    host: '127.0.0.1',
    logger,
  });
  slack.setAppEventsUrl(`http://127.0.0.1:${bot.port}/slack/events`);
  return {
    slack,
    bot,
    logs: text,
    async close() {
      await bot.stop();
      await slack.close();
    },
  };
}
