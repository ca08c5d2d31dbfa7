import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { seedDemoWorld } from '../../sandbox/emulators/aws/seed-demo-world.js';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/emulators/slack/index.js';
import { openStore } from '../../src/store/open-store.js';
import { BIN, runCli } from '../support/run-cli.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-bot-harness.js';

/**
 * SIGTERM to a real `infrabot serve` (HTTP mode, Slack and AWS emulators, a SQLite store on disk)
 * while a stop started from Slack runs: the process exits within ECS's 30 s, the operation's
 * outcome is finished or recorded, and nothing stays locked for longer than the lease's lifetime.
 */
const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-db] }
access:
  operators: [U0OPERATOR]
  channels: [C0INFRA]
`;

interface Bot {
  child: ChildProcess;
  port: number;
  logs: () => string;
  exited: Promise<{ code: number | null; ms: number }>;
}

let dir: string;
let slack: SlackEmulator;
let aws: AwsEmulator | undefined;
let bot: Bot | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'infrabot-shutdown-'));
  slack = await startSlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  slack.addUser({ id: 'U0OPERATOR', name: 'olive' });
  slack.addChannel({ id: 'C0INFRA', name: 'infra' });
});
afterEach(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await slack.close();
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

const store = () => `sqlite:${join(dir, 'state.sqlite')}`;
const awsEnv = () => ({
  AWS_ENDPOINT_URL: aws!.url,
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'ap-northeast-1',
});

async function startBot(env: NodeJS.ProcessEnv): Promise<Bot> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      INFRABOT_STORE: store(),
      INFRABOT_CONFIG_YAML: CONFIG,
      INFRABOT_POLL_INTERVAL_MS: '100',
      AWS_EC2_METADATA_DISABLED: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...awsEnv(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  let signalledAt = 0;
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, ms: Date.now() - signalledAt })),
  );
  const kill = child.kill.bind(child);
  child.kill = (signal?: NodeJS.Signals | number) => {
    signalledAt = Date.now();
    return kill(signal);
  };
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the bot did not start:\n${out}`)), 20_000);
    const look = () => {
      const m = /"port":(\d+)[^\n]*slack front door ready|slack front door ready[^\n]*"port":(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1] ?? m[2]));
      } else if (child.exitCode !== null) reject(new Error(`the bot exited:\n${out}`));
      else setTimeout(look, 25);
    };
    look();
  });
  slack.setAppEventsUrl(`http://127.0.0.1:${port}/slack/events`);
  return { child, port, logs: () => out, exited };
}

async function until<T>(probe: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${bot?.logs() ?? ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

type Block = { type: string; elements?: Array<{ action_id?: string; value?: string }> };

/** `/infra stop dev`, "Yes" on its confirmation, until the progress message is in the channel. */
async function startStopFromSlack(): Promise<void> {
  const res = await slack.sendSlashCommand({ userId: 'U0OPERATOR', channelId: 'C0INFRA', text: 'stop dev' });
  expect(res.status).toBe(200);
  const question = await until(
    () =>
      slack
        .ephemeralMessages('U0OPERATOR')
        .find((e) => JSON.stringify(e.message.blocks ?? '').includes('stop dev --yes')),
    'the confirmation',
  );
  const yes = ((question.message.blocks ?? []) as Block[])
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.value === 'stop dev --yes')!;
  const click = await slack.clickButton({
    userId: 'U0OPERATOR',
    channel: 'C0INFRA',
    messageTs: question.message.ts,
    actionId: yes.action_id!,
  });
  expect(click.status).toBe(200);
  await until(
    () => slack.channelHistory('C0INFRA').find((m) => JSON.stringify(m.blocks).includes('dev')),
    'progress',
  );
}

async function auditEntries(): Promise<Array<{ command: string; outcome: string; detail?: string }>> {
  const s = await openStore(store());
  try {
    return (await s.query<{ command: string; outcome: string; detail?: string }>('audit')).map(
      (i) => i.value,
    );
  } finally {
    await s.close();
  }
}

describe('infrabot serve on SIGTERM during a stop started from Slack', () => {
  it('finishes the stop, then exits within 30 s; the next operation is not blocked', async () => {
    aws = await startAwsEmulator({ speed: 60 });
    seedDemoWorld(aws.world);
    bot = await startBot({});
    await startStopFromSlack();

    bot.child.kill('SIGTERM');
    await until(() => (bot?.logs().includes('shutting down') ? true : undefined), 'the shutdown log line');
    // While it drains, a new command is refused, saying why, and runs nothing.
    const refused = await slack.sendSlashCommand({
      userId: 'U0OPERATOR',
      channelId: 'C0INFRA',
      text: 'status dev',
    });
    expect(refused.status).toBe(200);
    expect(JSON.stringify(refused.json)).toContain('infrabot is restarting, so nothing was run');

    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    expect(exit.ms).toBeLessThan(30_000);
    // SIGTERM came mid-operation: shutdown waited for it.
    expect(bot.logs()).toMatch(/"inFlight":1[^\n]*waiting for commands in flight/);
    expect(bot.logs()).toMatch(/"finished":1,"abandoned":\[\][^\n]*commands in flight drained/);

    // Finished, not cut short: every service is at 0 and the trail has the outcome.
    expect(aws.world.ecsService('dev', 'api')?.desiredCount).toBe(0);
    const entries = await auditEntries();
    // A stop confirmed with the button is recorded as the words asked ('stop dev'), once, when it ends.
    const stop = entries.filter((e) => e.command === 'stop dev');
    expect(stop.map((e) => e.outcome)).toEqual(['ok']);
    expect(entries.some((e) => /interrupted/.test(e.detail ?? ''))).toBe(false);

    // Nothing left locked: the environment's lease is free, and the next stop runs at once.
    const s = await openStore(store());
    try {
      const probe = await s.acquireLease('env-op#dev', 'test-probe', 1_000);
      expect(probe, 'the lease of dev is free').toBeDefined();
      await s.releaseLease('env-op#dev', 'test-probe');
    } finally {
      await s.close();
    }
    const next = await runCli(['stop', 'dev', '--yes'], {
      cwd: dir,
      env: {
        INFRABOT_STORE: store(),
        INFRABOT_CONFIG_YAML: CONFIG,
        INFRABOT_POLL_INTERVAL_MS: '100',
        ...awsEnv(),
      },
    });
    expect(next.stderr + next.stdout).not.toMatch(/already being/);
    expect(next.code, next.stderr + next.stdout).toBe(0);
  }, 60_000);

  it('hands back a stop that outlives the drain deadline: the asker is told, the audit records it, the lease expires', async () => {
    // One simulated second per second: the database takes minutes to stop.
    aws = await startAwsEmulator({ speed: 1 });
    seedDemoWorld(aws.world);
    bot = await startBot({ INFRABOT_DRAIN_TIMEOUT_MS: '1000' });
    await startStopFromSlack();

    bot.child.kill('SIGTERM');
    const exit = await bot.exited;
    expect(exit.ms).toBeLessThan(10_000);
    expect(exit.code).toBe(1);
    expect(bot.logs()).toContain('shutdown deadline reached');

    const told = await until(
      () =>
        slack
          .ephemeralMessages('U0OPERATOR')
          .find((e) => (e.message.text ?? '').includes('infrabot was restarted while `stop dev --yes`')),
      'the interrupted notice',
    );
    expect(told.message.text).toContain('/infra status');
    const entries = await auditEntries();
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          command: 'stop dev --yes',
          outcome: 'error',
          detail: expect.stringContaining('interrupted'),
        }),
      ]),
    );
    // The lease of the dead process is not renewed: it lapses within its lifetime (2 min).
    const s = await openStore(store());
    try {
      const lease = await s.get({ pk: 'lease', sk: 'env-op#dev' });
      if (lease)
        expect(lease.expiresAt ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(Date.now() + 2 * 60_000);
    } finally {
      await s.close();
    }
  }, 60_000);
});
