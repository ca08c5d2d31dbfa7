import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { seedDemoWorld } from '../../sandbox/emulators/aws/seed-demo-world.js';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/emulators/slack/index.js';
import { type RunningBot, serve } from '../../src/main.js';
import { captureLogger } from '../support/capture-logger.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../support/slack-bot-harness.js';

const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev: { region: ap-northeast-1 }
alerts:
  channel: C0ALERTS
  group_window: 'off'
`;

let aws: AwsEmulator;
let slack: SlackEmulator;
let dir: string;
const bots: RunningBot[] = [];

beforeAll(async () => {
  aws = await startAwsEmulator();
  seedDemoWorld(aws.world);
  slack = await startSlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  slack.addChannel({ id: 'C0ALERTS', name: 'alerts' });
  dir = mkdtempSync(join(tmpdir(), 'infrabot-alerts-'));
});
// Every test's bots stop before the next: a bot on another store would be a third consumer.
afterEach(async () => {
  await Promise.all(bots.splice(0).map((b) => b.stop()));
});
afterAll(async () => {
  await slack?.close();
  await aws?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startBot(store: string): Promise<RunningBot> {
  const { logger } = captureLogger({ secrets: [BOT_TOKEN, SIGNING_SECRET] });
  const bot = await serve({
    env: {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      INFRABOT_STORE: store,
      INFRABOT_CONFIG_YAML: CONFIG,
      INFRABOT_ALARM_QUEUE_URL: aws.world.queue('infrabot-alarms')!.url,
      AWS_REGION: 'ap-northeast-1',
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
    port: 0,
    host: '127.0.0.1',
    logger,
    alertSettings: { replyIntervalMs: 100, parentEditIntervalMs: 100, queueWaitSeconds: 1, graphs: false },
  });
  bots.push(bot);
  return bot;
}

async function until(probe: () => boolean, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) {
      const q = aws.world.queue('infrabot-alarms')!;
      throw new Error(
        `timed out waiting for ${what}; queue holds ${q.messages.length}; #alerts: ${JSON.stringify(slack.channelHistory('C0ALERTS').map((m) => m.text.split('\n')[0] + ' ' + /inc-[a-z0-9]{6}/.exec(JSON.stringify(m.blocks))?.[0] + ' ' + m.ts))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

const parents = (name: string) =>
  slack
    .channelHistory('C0ALERTS')
    .filter((m) => m.text.split('\n')[0]?.endsWith(`  ${name}`) && (!m.thread_ts || m.thread_ts === m.ts));
const queueEmpty = () => aws.world.queue('infrabot-alarms')!.messages.length === 0;

/** Waits for every alarm's parent (already fired), sets them all OK, and waits for every resolve. */
async function parentsThenResolveAll(names: string[], ms: number): Promise<void> {
  await until(() => names.every((n) => parents(n).length >= 1) && queueEmpty(), 'every parent', ms);
  for (const name of names) aws.world.setAlarmState(name, 'OK');
  await until(
    () =>
      names.every((n) => slack.message('C0ALERTS', parents(n)[0]!.ts)?.text.includes('RESOLVED')) &&
      queueEmpty(),
    'every resolve',
    ms,
  );
}

describe('incidents in the store', () => {
  it('a restarted bot finds the thread of an incident opened before', async () => {
    const store = `sqlite:${join(dir, 'restart.sqlite')}`;
    const first = await startBot(store);
    aws.world.setAlarmState('dev-api-cpu-high', 'ALARM');
    await until(() => parents('dev-api-cpu-high').length === 1 && queueEmpty(), 'the parent');
    await first.stop();

    await startBot(store);
    aws.world.setAlarmState('dev-api-cpu-high', 'OK');
    const [parent] = parents('dev-api-cpu-high');
    await until(
      () => slack.message('C0ALERTS', parent!.ts)?.text.includes('RESOLVED') === true,
      'the resolve',
    );
    expect(parents('dev-api-cpu-high')).toHaveLength(1);
    expect(slack.thread('C0ALERTS', parent!.ts).filter((m) => m.text.includes('OK'))).toHaveLength(1);
  });

  it('two consumers on one queue post every alarm exactly once, redeliveries included', {
    timeout: 60_000,
  }, async () => {
    const store = `sqlite:${join(dir, 'replicas.sqlite')}`;
    await Promise.all([startBot(store), startBot(store)]);
    const names = Array.from({ length: 12 }, (_, i) => `dev-replica-${i}`);
    for (const name of names) {
      aws.world.addAlarm({
        name,
        namespace: 'AWS/ECS',
        metricName: 'CPUUtilization',
        threshold: 80,
        tags: { Environment: 'dev' },
      });
    }
    for (const name of names) aws.world.setAlarmState(name, 'ALARM');
    // At least once: every event delivered a second time as well.
    for (const e of aws.world
      .events()
      .filter((x) =>
        names.includes(String((x.event as { detail: { alarmName: string } }).detail.alarmName)),
      )) {
      aws.world.sendMessage('infrabot-alarms', JSON.stringify(e.event));
    }
    await parentsThenResolveAll(names, 45_000);
    for (const name of names) {
      const posted = parents(name);
      expect(posted, name).toHaveLength(1);
      const replies = slack.thread('C0ALERTS', posted[0]!.ts).slice(1);
      // Once each: the OK, and what changed (incident context) posted when the thread opened.
      expect(replies.map((r) => r.text.split(' ').slice(0, 3).join(' ')).sort(), name).toEqual(
        ['What changed in', `🟢 *OK* \`${name}\``].sort(),
      );
    }
  });

  it('hands over mid-storm: the first bot drains on stop (SIGTERM), the second picks up, nothing lost or doubled', {
    timeout: 90_000,
  }, async () => {
    const store = `sqlite:${join(dir, 'hand-over.sqlite')}`;
    const first = await startBot(store);
    const names = Array.from({ length: 16 }, (_, i) => `dev-handover-${i}`);
    for (const name of names) {
      aws.world.addAlarm({
        name,
        namespace: 'AWS/ECS',
        metricName: 'CPUUtilization',
        threshold: 80,
        tags: { Environment: 'dev' },
      });
    }
    for (const name of names) aws.world.setAlarmState(name, 'ALARM');
    // Mid-storm: some parents are out, the queue still holds the rest.
    await until(() => names.some((n) => parents(n).length === 1), 'the first parent');
    const stopAt = Date.now();
    await first.stop();
    const drainedMs = Date.now() - stopAt;
    bots.splice(bots.indexOf(first), 1);
    const postsBefore = slack.calls.filter((c) => c.method === 'chat.postMessage').length;

    const second = await startBot(store);
    await parentsThenResolveAll(names, 60_000);
    for (const name of names) {
      const posted = parents(name);
      expect(posted, name).toHaveLength(1);
      const oks = slack.thread('C0ALERTS', posted[0]!.ts).filter((m) => m.text.startsWith('🟢 *OK*'));
      expect(oks, name).toHaveLength(1);
    }
    expect(second.workers.health().find((w) => w.name === 'alarm-consumer')?.state).toBe('running');
    // Draining is bounded well inside ECS's 30 s stop timeout.
    expect(drainedMs).toBeLessThan(25_000);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage').length).toBeGreaterThan(postsBefore);
  });
});
