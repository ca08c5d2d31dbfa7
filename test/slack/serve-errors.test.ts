import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/emulators/slack/index.js';
import { serve } from '../../src/main.js';
import { captureLogger } from '../support/capture-logger.js';
import { TEST_CONFIG } from '../support/test-services.js';

const TOKEN = 'xoxb-1-2-serveserveserveserve';
let slack: SlackEmulator;
let cwd: string;
beforeAll(async () => {
  slack = await startSlackEmulator({ botToken: TOKEN, signingSecret: 'serve-secret' });
  cwd = await mkdtemp(join(tmpdir(), 'infrabot-serve-'));
});
afterAll(() => slack.close());

const start = (env: NodeJS.ProcessEnv) =>
  serve({
    env: {
      SLACK_SIGNING_SECRET: 'serve-secret',
      SLACK_API_URL: slack.apiUrl,
      INFRABOT_STORE: 'memory',
      ...env,
    },
    cwd,
    port: 0,
    host: '127.0.0.1',
    logger: captureLogger().logger,
  });

describe('serve() refuses to start with a clear reason', () => {
  it('when Slack rejects the token', async () => {
    await expect(
      start({ SLACK_BOT_TOKEN: 'xoxb-1-2-wrongwrongwrong', INFRABOT_CONFIG_YAML: TEST_CONFIG }),
    ).rejects.toThrow(/Slack rejected SLACK_BOT_TOKEN \(.*invalid_auth.*\)\. Copy the Bot User OAuth Token/);
  });

  it('when there is no config', async () => {
    await expect(start({ SLACK_BOT_TOKEN: TOKEN })).rejects.toThrow(/No config found: create infrabot.yml/);
  });

  it('when the config is broken, naming the path of the problem', async () => {
    await expect(
      start({ SLACK_BOT_TOKEN: TOKEN, INFRABOT_CONFIG_YAML: 'access: { admins: [bob] }' }),
    ).rejects.toThrow(/access\.admins\.0: "bob" must be a Slack user ID/);
  });

  it('when HTTP mode has no signing secret', async () => {
    await expect(
      serve({
        env: {
          SLACK_BOT_TOKEN: TOKEN,
          SLACK_API_URL: slack.apiUrl,
          INFRABOT_STORE: 'memory',
          INFRABOT_CONFIG_YAML: TEST_CONFIG,
        },
        cwd,
        port: 0,
        host: '127.0.0.1',
        logger: captureLogger().logger,
      }),
    ).rejects.toThrow(/HTTP mode needs SLACK_SIGNING_SECRET/);
  });

  it('when the store spec is not a store', async () => {
    await expect(
      start({ SLACK_BOT_TOKEN: TOKEN, INFRABOT_CONFIG_YAML: TEST_CONFIG, INFRABOT_STORE: 'postgres://x' }),
    ).rejects.toThrow(/is not a store: use sqlite:<path>/);
  });
});
