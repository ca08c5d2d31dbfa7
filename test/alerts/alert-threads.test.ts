import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { seedDemoWorld } from '../../sandbox/emulators/aws/seed-demo-world.js';
import type { SlackMessage } from '../../sandbox/emulators/slack/index.js';
import { blocksText, type Harness, startHarness } from '../support/slack-bot-harness.js';
import {
  anomalyEvent,
  compositeEvent,
  metricMathEvent,
  singleMetricEvent,
  snsNotification,
} from './fixtures/alarm-events.js';

const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
  staging:
    region: ap-northeast-1
alerts:
  channel: C0ALERTS
  group_window: 'off'
  routes:
    - match: { environment: staging }
      channel: C0STAGING
access:
  operators: [U0OPERATOR]
  admins: [U0ADMIN]
`;

let aws: AwsEmulator;
let h: Harness;
let queueUrl: string;

beforeAll(async () => {
  aws = await startAwsEmulator();
  seedDemoWorld(aws.world);
  queueUrl = aws.world.queue('infrabot-alarms')!.url;
  h = await startHarness({
    config: CONFIG,
    env: { AWS_ENDPOINT_URL: aws.url, INFRABOT_ALARM_QUEUE_URL: queueUrl },
    alertSettings: { replyIntervalMs: 100, parentEditIntervalMs: 100, queueWaitSeconds: 1 },
  });
  h.slack.addChannel({ id: 'C0ALERTS', name: 'alerts' });
  h.slack.addChannel({ id: 'C0STAGING', name: 'staging-alerts' });
});
afterAll(async () => {
  await h?.close();
  await aws?.close();
});

async function until<T>(probe: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const seen = h.slack.channelHistory('C0ALERTS').map((m) => m.text.slice(0, 120));
      throw new Error(
        `timed out waiting for ${what}; #alerts has ${JSON.stringify(seen)}\n${h.logs().slice(-3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

const parentOf = (channel: string, name: string) =>
  h.slack
    .channelHistory(channel)
    .find((m) => (!m.thread_ts || m.thread_ts === m.ts ? m.text.includes(name) : false));
const replies = (channel: string, parent: SlackMessage) =>
  h.slack.thread(channel, parent.ts).filter((m) => m.ts !== parent.ts);
const queueEmpty = () => {
  const q = aws.world.queue('infrabot-alarms')!;
  return q.messages.length === 0;
};
const buttons = (m: SlackMessage) =>
  (
    (m.blocks ?? []) as Array<{
      type: string;
      elements?: Array<{ action_id?: string; value?: string; text?: { text: string } }>;
    }>
  )
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);

describe('alarm → thread', () => {
  it('opens a thread on ALARM with the summary and a graph, replies without broadcast on OK and edits the parent', async () => {
    aws.world.setAlarmState('dev-api-cpu-high', 'ALARM');
    const parent = await until(() => parentOf('C0ALERTS', 'dev-api-cpu-high'), 'the parent message');
    const text = blocksText(parent);
    expect(parent.text).toContain('🔴 ALARM  dev-api-cpu-high');
    expect(text).toMatch(/CPUUtilization \d+(\.\d+)? % &gt; 80 % for 3 of the last 3 minutes/);
    expect(text).toContain('Environment');
    expect(text).toContain('api');
    expect(text).toMatch(/\*Since\*\\n\d\d:\d\d /);
    expect(text).toContain('AWS/ECS CPUUtilization (Average, 1 min)');
    expect(text).toContain('https://runbooks.example.com/ecs-cpu-high');
    expect(text).toContain('111111111111 / ap-northeast-1');
    expect(buttons(parent).map((b) => b.text?.text)).toEqual([
      'Acknowledge',
      'Mute 1h',
      'Mute until OK',
      'Show graph',
      // Incident context: the alarm names environment dev and service api.
      'Show errors',
      'Restart',
    ]);
    // The graph goes into the thread.
    const graph = await until(
      () => replies('C0ALERTS', parent).find((m) => m.files?.length),
      'the graph upload',
    );
    const file = h.slack.uploadedFile(graph.files![0]!.id);
    expect(file?.bytes?.subarray(1, 4).toString()).toBe('PNG');
    await until(queueEmpty, 'the SQS message to be deleted');

    aws.world.setAlarmState('dev-api-cpu-high', 'OK');
    const reply = await until(
      () => replies('C0ALERTS', parent).find((m) => m.text.includes('OK') && !m.files),
      'the OK reply',
    );
    expect(reply.subtype).not.toBe('thread_broadcast');
    const call = h.slack.calls.find(
      (c) =>
        c.method === 'chat.postMessage' &&
        c.params.thread_ts === parent.ts &&
        String(c.params.text).includes('OK'),
    );
    expect(String(call?.params.reply_broadcast)).toBe('false');
    const edited = await until(() => {
      const m = h.slack.message('C0ALERTS', parent.ts);
      return m?.text.includes('RESOLVED') ? m : undefined;
    }, 'the resolved parent');
    expect(blocksText(edited)).toMatch(/Resolved \d\d:\d\d \S+ after/);
    // Resolved: only the timeline is left to ask for.
    expect(buttons(edited).map((b) => b.text?.text)).toEqual(['Timeline']);
    await until(queueEmpty, 'the OK message to be deleted');

    // A new ALARM soon after reopens the same thread.
    aws.world.setAlarmState('dev-api-cpu-high', 'ALARM');
    await until(() => replies('C0ALERTS', parent).some((m) => m.text.includes('ALARM')), 'the reopen reply');
    await until(
      () => h.slack.message('C0ALERTS', parent.ts)?.text.includes('🔴 ALARM'),
      'the reopened parent',
    );
    expect(
      h.slack.channelHistory('C0ALERTS').filter((m) => m.text.includes('dev-api-cpu-high')),
    ).toHaveLength(1);
  });

  it('routes by environment: staging alarms go to their channel', async () => {
    aws.world.setAlarmState('staging-api-5xx', 'ALARM');
    const parent = await until(() => parentOf('C0STAGING', 'staging-api-5xx'), 'the staging parent');
    expect(blocksText(parent)).toContain('staging');
    expect(parentOf('C0ALERTS', 'staging-api-5xx')).toBeUndefined();
  });

  it('takes metric math, anomaly detection, composite and SNS shapes through the queue', async () => {
    const bodies = [
      metricMathEvent('TotalNetworkTrafficTooHigh'),
      anomalyEvent('EC2 CPU Utilization Anomaly'),
      compositeEvent('ServiceAggregatedAlarm'),
      snsNotification('orders-backlog', 'ALARM'),
    ];
    for (const b of bodies) aws.world.sendMessage('infrabot-alarms', JSON.stringify(b));
    const math = await until(() => parentOf('C0ALERTS', 'TotalNetworkTrafficTooHigh'), 'metric math');
    expect(blocksText(math)).toContain('Total Network Traffic 45628 &gt; 10000');
    expect(blocksText(math)).toContain('SUM(METRICS())');
    const anomaly = await until(() => parentOf('C0ALERTS', 'EC2 CPU Utilization Anomaly'), 'anomaly');
    expect(blocksText(anomaly)).toContain('outside the expected band 0.021–0.301');
    const composite = await until(() => parentOf('C0ALERTS', 'ServiceAggregatedAlarm'), 'composite');
    expect(blocksText(composite)).toContain('Triggered by ServerCpuTooHigh (ALARM)');
    const sns = await until(() => parentOf('C0ALERTS', 'orders-backlog'), 'sns');
    expect(blocksText(sns)).toContain('ApproximateNumberOfMessagesVisible 7 ≥ 7');
    // An SNS OK resolves the SNS incident in the same thread.
    aws.world.sendMessage('infrabot-alarms', JSON.stringify(snsNotification('orders-backlog', 'OK')));
    await until(() => h.slack.message('C0ALERTS', sns.ts)?.text.includes('RESOLVED'), 'the SNS resolve');
    await until(queueEmpty, 'all messages deleted');
  });

  it('posts a redelivered event once', async () => {
    const body = JSON.stringify(singleMetricEvent('dedupe-me', 'ALARM', { id: 'fixed-event-id-1' }));
    aws.world.sendMessage('infrabot-alarms', body);
    aws.world.sendMessage('infrabot-alarms', body);
    await until(() => parentOf('C0ALERTS', 'dedupe-me'), 'the parent');
    await until(queueEmpty, 'both copies deleted');
    await new Promise((r) => setTimeout(r, 300));
    const posts = h.slack.channelHistory('C0ALERTS').filter((m) => m.text.includes('dedupe-me'));
    expect(posts).toHaveLength(1);
    expect(replies('C0ALERTS', posts[0]!).filter((m) => !m.files)).toHaveLength(0);
  });

  it('shows hostile alarm names and huge reasons inertly', async () => {
    const name = '<!channel> *urgent* `x` <https://evil.example|click>';
    const reason = `Threshold Crossed: ${'blah '.repeat(4_000)}`;
    aws.world.sendMessage(
      'infrabot-alarms',
      JSON.stringify(
        singleMetricEvent(name, 'ALARM', { reason, description: '<!here> see <https://x.example|this>' }),
      ),
    );
    const parent = await until(
      () => h.slack.channelHistory('C0ALERTS').find((m) => m.text.includes('urgent')),
      'the hostile parent',
    );
    const all = JSON.stringify(parent);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<!here>');
    expect(all).not.toContain('<https://evil.example');
    expect(parent.text).toContain('‹!channel› *urgent*');
    // Cut at a word, not mid-word, and far below Slack's section limit.
    expect(blocksText(parent)).toMatch(/blah blah…/);
    expect((parent.blocks ?? []).length).toBeLessThanOrEqual(50);
    expect(all.length).toBeLessThan(12_000);
  });

  it('acknowledges, mutes and graphs from the buttons, audited', async () => {
    aws.world.setAlarmState('dev-db-connections', 'ALARM');
    const parent = await until(() => parentOf('C0ALERTS', 'dev-db-connections'), 'the parent');
    const ack = buttons(parent).find((b) => b.text?.text === 'Acknowledge')!;
    await h.slack.clickButton({
      userId: 'U0VIEWER',
      actionId: ack.action_id!,
      value: ack.value!,
      channel: 'C0ALERTS',
      messageTs: parent.ts,
    });
    const acked = await until(() => {
      const m = h.slack.message('C0ALERTS', parent.ts);
      return m && blocksText(m).includes('Acked by <@U0VIEWER>') ? m : undefined;
    }, 'the acked parent');
    expect(buttons(acked).map((b) => b.text?.text)).not.toContain('Acknowledge');
    // The audit line is written when the action ends, which may be just after Slack shows the edit.
    await until(
      () =>
        /"actor":\{"id":"U0VIEWER"[^}]*\},"command":"ack inc-[a-z0-9]{6}","verb":"ack"[^}]*"outcome":"ok"/.test(
          h.logs(),
        ),
      'the audited ack',
    );

    // Mute needs an operator; a viewer is refused (and that is audited too).
    const mute = buttons(acked).find((b) => b.text?.text === 'Mute 1h')!;
    await h.slack.clickButton({
      userId: 'U0VIEWER',
      actionId: mute.action_id!,
      value: mute.value!,
      channel: 'C0ALERTS',
      messageTs: parent.ts,
    });
    await until(
      () => /"command":"mute inc-[a-z0-9]{6} 1h","verb":"mute"[^}]*"outcome":"denied"/.test(h.logs()),
      'the denial',
    );
    await h.slack.clickButton({
      userId: 'U0OPERATOR',
      actionId: mute.action_id!,
      value: mute.value!,
      channel: 'C0ALERTS',
      messageTs: parent.ts,
    });
    await until(
      () => blocksText(h.slack.message('C0ALERTS', parent.ts)).includes('Muted until'),
      'the muted parent',
    );
    const before = replies('C0ALERTS', parent).length;
    aws.world.setAlarmState('dev-db-connections', 'INSUFFICIENT_DATA');
    await until(
      () => h.slack.message('C0ALERTS', parent.ts)?.text.includes('INSUFFICIENT'),
      'the parent to show the new state',
    );
    await until(queueEmpty, 'the muted transition deleted');
    expect(replies('C0ALERTS', parent).filter((m) => !m.files).length).toBe(
      before - replies('C0ALERTS', parent).filter((m) => m.files).length,
    );

    const graph = buttons(h.slack.message('C0ALERTS', parent.ts)!).find(
      (b) => b.text?.text === 'Show graph',
    )!;
    const files = () => replies('C0ALERTS', parent).filter((m) => m.files?.length).length;
    const had = files();
    await h.slack.clickButton({
      userId: 'U0VIEWER',
      actionId: graph.action_id!,
      value: graph.value!,
      channel: 'C0ALERTS',
      messageTs: parent.ts,
    });
    await until(() => files() > had, 'another graph');
  });

  it('lists what is firing with links to the threads', async () => {
    const res = await h.slack.sendSlashCommand({
      userId: 'U0VIEWER',
      channelId: 'C0ALERTS',
      text: 'alarms dev',
    });
    expect(res.status).toBe(200);
    const answer = await until(
      () =>
        h.slack
          .ephemeralMessages('U0VIEWER')
          .map((e) => blocksText(e.message))
          .find((t) => t.includes('firing in dev')) ??
        (JSON.stringify(res.body).includes('firing in dev') ? JSON.stringify(res.body) : undefined),
      'the alarms answer',
    );
    expect(answer).toContain('dev-api-cpu-high');
    expect(answer).toMatch(/\/archives\/C0ALERTS\/p\d+/);
  });
});

describe('malformed messages', () => {
  it('logs why and leaves them for the dead-letter queue, without holding up the next message', async () => {
    const dlq = aws.world.addQueue({
      name: 'bad-alarms',
      attributes: { VisibilityTimeout: '1' },
      deadLetterQueue: { name: 'bad-alarms-dlq', maxReceiveCount: 2 },
    });
    const bot = await startHarness({
      config: CONFIG,
      env: { AWS_ENDPOINT_URL: aws.url, INFRABOT_ALARM_QUEUE_URL: dlq.url },
      alertSettings: { queueVisibilitySeconds: 1, queueWaitSeconds: 1, replyIntervalMs: 100 },
    });
    bot.slack.addChannel({ id: 'C0ALERTS', name: 'alerts' });
    try {
      aws.world.sendMessage(
        'bad-alarms',
        '{"detail-type":"CloudWatch Alarm State Change","source":"aws.cloudwatch"}',
      );
      aws.world.sendMessage('bad-alarms', JSON.stringify(singleMetricEvent('after-the-bad-one', 'ALARM')));
      await until(
        () => bot.slack.channelHistory('C0ALERTS').find((m) => m.text.includes('after-the-bad-one')),
        'the good message',
      );
      await until(
        () => (aws.world.queue('bad-alarms-dlq')?.messages.length ?? 0) === 1,
        'the DLQ entry',
        15_000,
      );
      expect(bot.logs()).toContain('left for the dead-letter queue');
      expect(bot.logs()).toMatch(/not a CloudWatch alarm state change event: (version|id|account)/);
    } finally {
      await bot.close();
    }
  });
});
