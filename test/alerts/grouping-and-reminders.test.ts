import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import type { SlackMessage } from '../../sandbox/emulators/slack/index.js';
import { blocksText, type Harness, startHarness } from '../support/slack-bot-harness.js';

const CONFIG = `
timezone: UTC
environments:
  dev: { region: ap-northeast-1 }
  prod: { region: ap-northeast-1 }
alerts:
  channel: C0ALERTS
  group_window: 2m
`;

let aws: AwsEmulator;
let h: Harness;
beforeAll(async () => {
  aws = await startAwsEmulator();
  aws.world.addQueue({ name: 'infrabot-alarms', attributes: { VisibilityTimeout: '60' } });
  for (let i = 0; i < 6; i++) {
    aws.world.addAlarm({
      name: `dev-svc${i}-errors`,
      namespace: 'AWS/ApplicationELB',
      metricName: 'HTTPCode_Target_5XX_Count',
      statistic: 'Sum',
      threshold: 10,
      tags: { Environment: 'dev' },
    });
  }
  aws.world.addAlarm({
    name: 'prod-db-cpu',
    namespace: 'AWS/RDS',
    metricName: 'CPUUtilization',
    threshold: 90,
    tags: { Environment: 'prod' },
  });
  h = await startHarness({
    config: CONFIG,
    env: { AWS_ENDPOINT_URL: aws.url, INFRABOT_ALARM_QUEUE_URL: aws.world.queue('infrabot-alarms')!.url },
    alertSettings: {
      replyIntervalMs: 200,
      parentEditIntervalMs: 200,
      queueWaitSeconds: 1,
      remindEveryMs: 600,
      graphs: false,
    },
  });
  h.slack.addChannel({ id: 'C0ALERTS', name: 'alerts' });
});
afterAll(async () => {
  await h?.close();
  await aws?.close();
});

async function until<T>(probe: () => T | undefined | false, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify(h.slack.channelHistory('C0ALERTS').map((m) => m.text.slice(0, 80)))}`,
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}
const parents = () => h.slack.channelHistory('C0ALERTS');
const replies = (p: SlackMessage) => h.slack.thread('C0ALERTS', p.ts).slice(1);

describe('storm-proofing and reminders', () => {
  it('groups alarms of one environment into one incident whose parent lists every member', async () => {
    for (let i = 0; i < 6; i++) aws.world.setAlarmState(`dev-svc${i}-errors`, 'ALARM');
    aws.world.setAlarmState('prod-db-cpu', 'ALARM');
    const group = await until(
      () => parents().find((m) => m.text.startsWith('🔴 ALARM  dev · 6 alarms')),
      'the grouped parent with all six members',
    );
    const text = blocksText(group);
    for (let i = 0; i < 6; i++) expect(text).toContain(`dev-svc${i}-errors`);
    expect(text).toContain('6 of 6 alarms firing');
    // Another environment is another incident.
    await until(() => parents().find((m) => m.text.startsWith('🔴 ALARM  prod-db-cpu')), 'the prod parent');
    expect(parents()).toHaveLength(2);
    // One alarm resolves: the parent shows it, its thread says it, nobody is pinged.
    aws.world.setAlarmState('dev-svc0-errors', 'OK');
    await until(
      () =>
        h.slack.message('C0ALERTS', group.ts)?.text.startsWith('🔴 ALARM  dev · 6 alarms') &&
        blocksText(h.slack.message('C0ALERTS', group.ts)).includes('5 of 6 alarms firing'),
      'the parent edit',
    );
    await until(() => replies(group).some((r) => r.text.includes('dev-svc0-errors')), 'the thread reply');
    expect(replies(group).every((r) => r.subtype !== 'thread_broadcast')).toBe(true);
    // All resolve: the incident is resolved with one edit showing it.
    for (let i = 1; i < 6; i++) aws.world.setAlarmState(`dev-svc${i}-errors`, 'OK');
    await until(
      () => h.slack.message('C0ALERTS', group.ts)?.text.startsWith('🟢 RESOLVED  dev · 6 alarms'),
      'the resolved group',
    );
    // Transitions that arrived together went out as few replies, each listing several.
    // 12 transitions: the first parent shows the alarm(s) it was opened with, the thread the rest.
    const transitions = replies(group).filter((r) => /^(🔴|🟢|🟡) \*|^\*\d+ state changes\*/.test(r.text));
    const lines = transitions.reduce(
      (n, r) => n + (Number(/^\*(\d+) state changes\*/.exec(r.text)?.[1]) || 1),
      0,
    );
    // Each dev alarm's first ALARM is shown by the parent if it was there when the parent was
    // posted; every other transition is a thread line: all six OKs and the late joiners' ALARMs.
    expect(lines).toBeGreaterThanOrEqual(6);
    expect(lines).toBeLessThanOrEqual(11);
    expect(transitions.length).toBeLessThan(lines);
  });

  it('reminds in the thread while in ALARM unacknowledged, audited, and stops once acknowledged', async () => {
    const prod = parents().find((m) => m.text.startsWith('🔴 ALARM  prod-db-cpu'))!;
    const reminder = await until(
      () => replies(prod).find((r) => r.text.includes('Still in ALARM')),
      'a reminder',
      10_000,
    );
    expect(reminder.subtype).not.toBe('thread_broadcast');
    // Audited once the reminder is done, which may be just after Slack has it.
    await until(
      () => (/"verb":"remind"[^}]*"frontDoor":"system","outcome":"ok"/.test(h.logs()) ? true : undefined),
      'the audited reminder',
    );
    const id = /inc-[a-z0-9]{6}/.exec(blocksText(prod))![0];
    await h.slack.sendSlashCommand({ userId: 'U0ADMIN', channelId: 'C0ALERTS', text: `ack ${id}` });
    await until(
      () => blocksText(h.slack.message('C0ALERTS', prod.ts)).includes('Acked by <@U0ADMIN>'),
      'the ack on the parent',
    );
    // A reminder claimed just before the ack may still land; after that, none.
    await new Promise((r) => setTimeout(r, 1_200));
    const count = replies(prod).filter((r) => r.text.includes('Still in ALARM')).length;
    await new Promise((r) => setTimeout(r, 2_000));
    expect(replies(prod).filter((r) => r.text.includes('Still in ALARM')).length).toBe(count);
  });

  it('lists the open incidents with links to their threads on App Home', async () => {
    const prod = parents().find((m) => m.text.startsWith('🔴 ALARM  prod-db-cpu'))!;
    await h.slack.sendEvent({ type: 'app_home_opened', user: 'U0VIEWER', tab: 'home' });
    await until(() => h.slack.appHome('U0VIEWER'), 'App Home');
    const home = JSON.stringify(h.slack.appHome('U0VIEWER')?.blocks);
    expect(home).toContain('open alarm incident');
    expect(home).toContain('prod-db-cpu');
    expect(home).toContain(`/archives/C0ALERTS/p${prod.ts.replace('.', '')}`);
    // The resolved dev group is not open any more.
    expect(home).not.toContain('6 alarms');
  });

  it('refuses bad incident ids and durations with a clear message', async () => {
    for (const [text, why] of [
      ['ack nope', /not an incident id/],
      ['ack inc-zzzzzz', /no incident `inc-zzzzzz`/],
      ['mute inc-abcdef forever', /not a duration/],
      ['mute inc-abcdef 30d', /at most 7d/],
      ['graph <!channel>', /not an incident id/],
    ] as const) {
      const res = await h.slack.sendSlashCommand({ userId: 'U0ADMIN', channelId: 'C0ALERTS', text });
      const answer =
        JSON.stringify(res.body) + JSON.stringify(h.slack.ephemeralMessages('U0ADMIN').slice(-1));
      expect(answer, text).toMatch(why);
      expect(answer).not.toContain('<!channel>');
    }
  });
});
