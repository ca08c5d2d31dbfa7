import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/emulators/slack/index.js';
import { enableSocketMode, type SocketModeServer } from '../../sandbox/emulators/slack/socket-mode-server.js';
import { BIN } from '../support/run-cli.js';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET } from '../support/slack-bot-harness.js';
import { TEST_CONFIG } from '../support/test-services.js';

/**
 * The hand-over on a Fargate (Spot) replacement, from the bot's side: ECS sends SIGTERM and waits
 * stopTimeout (30 s, infra/ecs.tf) before SIGKILL. A real `infrabot serve` process in Socket Mode
 * must close its Slack connection and exit 0 well inside that.
 */

/** ECS stopTimeout in infra/ecs.tf; the bot must be gone before it. */
const STOP_TIMEOUT_MS = 30_000;

let slack: SlackEmulator;
let socket: SocketModeServer;
let child: ChildProcess | undefined;

beforeEach(async () => {
  slack = await startSlackEmulator({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    appToken: APP_TOKEN,
  });
  socket = enableSocketMode(slack);
  slack.addChannel({ id: 'C0INFRA', name: 'infra' });
});

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await slack.close();
});

/** `infrabot serve` exactly as the container runs it (bin/infrabot.js), in Socket Mode. */
function startServe(extraEnv: NodeJS.ProcessEnv = {}): { process: ChildProcess; output: () => string } {
  let output = '';
  const proc = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      INFRABOT_STORE: 'memory',
      INFRABOT_CONFIG_YAML: TEST_CONFIG,
      PORT: '0',
      LOG_LEVEL: 'info',
      AWS_REGION: 'ap-northeast-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child = proc;
  return { process: proc, output: () => output };
}

async function startedBot(extraEnv: NodeJS.ProcessEnv = {}) {
  const bot = startServe(extraEnv);
  await until(
    () => bot.output().includes('infrabot is running') && socket.connectionCount === 1,
    20_000,
    () => `bot start-up; output so far:\n${bot.output()}`,
  );
  return bot;
}

/** Sends SIGTERM and measures the time to the process's exit. */
async function terminate(bot: { process: ChildProcess }) {
  const exited = once(bot.process, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const sentAt = performance.now();
  bot.process.kill('SIGTERM');
  const [code, signal] = await exited;
  return { code, signal, exitMs: performance.now() - sentAt, sentAt };
}

async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('infrabot serve on SIGTERM (ECS stopping the task)', () => {
  it('closes the Socket Mode connection and exits 0 well before the stop timeout', async () => {
    const bot = await startedBot();
    const { code, signal, exitMs, sentAt } = await terminate(bot);
    // Measured figure for the deployment notes (README: Graceful hand-over).
    console.log(`SIGTERM → exit: ${Math.round(exitMs)} ms`);

    expect({ code, signal }, bot.output()).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(STOP_TIMEOUT_MS);
    // The app closed the WebSocket itself, with a close frame, before the process went away:
    // Slack then stops routing envelopes to it at once instead of waiting for a ping timeout.
    expect(socket.connectionCount).toBe(0);
    expect(socket.closes).toHaveLength(1);
    expect(socket.closes[0]?.code).toBe(1000);
    expect(socket.closes[0]?.at).toBeGreaterThan(sentAt);
    expect(bot.output()).toContain('shutting down');
    expect(bot.output()).toContain('"msg":"stopped"');
    expect(bot.output()).not.toContain(BOT_TOKEN);
    expect(bot.output()).not.toContain(APP_TOKEN);
  }, 60_000);

  it('drops the connection after a short grace when Slack does not answer the close, and still exits 0', async () => {
    const bot = await startedBot();
    socket.blackhole();
    const { code, signal, exitMs } = await terminate(bot);
    console.log(`SIGTERM → exit, Slack not answering the close: ${Math.round(exitMs)} ms`);

    expect({ code, signal }, bot.output()).toEqual({ code: 0, signal: null });
    // The 3 s close-handshake grace (src/slack/socket-mode-disconnect.ts), not the client's 30 s.
    expect(exitMs).toBeGreaterThanOrEqual(2_900);
    expect(exitMs).toBeLessThan(10_000);
    expect(bot.output()).toContain('Slack did not answer the Socket Mode close handshake');
    expect(bot.output()).toContain('"msg":"stopped"');
  }, 60_000);

  it('exits 1 on its own, with a log line saying why, when the shutdown hangs past the stop timeout', async () => {
    // Stop timeout 3 s: the last resort fires 2 s before it, at 1 s.
    const bot = await startedBot({ INFRABOT_STOP_TIMEOUT_SECONDS: '3' });
    // Slack stops answering: the Socket Mode client would wait 30 s for the close handshake.
    socket.blackhole();
    const { code, signal, exitMs } = await terminate(bot);
    console.log(`SIGTERM → last-resort exit (stop timeout 3 s): ${Math.round(exitMs)} ms`);

    expect({ code, signal }, bot.output()).toEqual({ code: 1, signal: null });
    expect(exitMs).toBeGreaterThanOrEqual(900);
    expect(exitMs).toBeLessThan(3_000);
    expect(bot.output()).toContain('shutdown did not finish before the stop timeout');
    expect(bot.output()).not.toContain('"msg":"stopped"');
  }, 60_000);

  it('refuses a stop timeout it could not honour, before connecting to Slack', async () => {
    const bot = startServe({ INFRABOT_STOP_TIMEOUT_SECONDS: '300' });
    const [code] = (await once(bot.process, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(bot.output()).toContain('INFRABOT_STOP_TIMEOUT_SECONDS must be whole seconds from 2 to 120');
    expect(socket.connectionsOpened).toBe(0);
  }, 30_000);
});
