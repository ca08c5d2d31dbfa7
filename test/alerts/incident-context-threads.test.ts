import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { seedDemoWorld, seedIncidentStory } from '../../sandbox/emulators/aws/seed-demo-world.js';
import type { SlackMessage } from '../../sandbox/emulators/slack/index.js';
import { blocksText, type Harness, startHarness } from '../support/slack-bot-harness.js';

/**
 * Issue 11 in the alert threads, end to end: the real bot, the alarm through the emulated SQS
 * queue, incident context posted into the thread it opens, and its buttons on the parent.
 */
const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
alerts:
  channel: C0ALERTS
  group_window: 'off'
access:
  operators: [U0OPERATOR]
  admins: [U0ADMIN]
`;

let aws: AwsEmulator;
let h: Harness;

beforeAll(async () => {
  aws = await startAwsEmulator();
  seedDemoWorld(aws.world);
  // dev/api gets a new deployment (image v1.4.2, revision 2) a few minutes before the alarm.
  seedIncidentStory(aws.world);
  aws.clock.advance(4 * 60_000);
  h = await startHarness({
    config: CONFIG,
    env: {
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      INFRABOT_ALARM_QUEUE_URL: aws.world.queue('infrabot-alarms')!.url,
    },
    alertSettings: { replyIntervalMs: 100, parentEditIntervalMs: 100, queueWaitSeconds: 1, graphs: false },
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
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const seen = h.slack.channelHistory('C0ALERTS').map((m) => blocksText(m).slice(0, 300));
      throw new Error(
        `timed out waiting for ${what}; #alerts has ${JSON.stringify(seen)}\n${h.logs().slice(-3000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

const parentOf = (name: string) =>
  h.slack
    .channelHistory('C0ALERTS')
    .find((m) => (!m.thread_ts || m.thread_ts === m.ts) && m.text.includes(name));
const replies = (parent: SlackMessage) =>
  h.slack.thread('C0ALERTS', parent.ts).filter((m) => m.ts !== parent.ts);
const buttons = (m: SlackMessage) =>
  (
    (m.blocks ?? []) as Array<{
      type: string;
      elements?: Array<{ action_id?: string; text?: { text: string } }>;
    }>
  )
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);

describe('incident context in alert threads', () => {
  it('answers "what changed" in the thread, offers Show errors / Restart, and a Timeline once resolved', async () => {
    aws.world.setAlarmState('dev-api-cpu-high', 'ALARM');
    const parent = await until(() => parentOf('dev-api-cpu-high'), 'the parent');
    expect(buttons(parent).map((b) => b.text?.text)).toEqual([
      'Acknowledge',
      'Mute 1h',
      'Mute until OK',
      'Show graph',
      'Show errors',
      'Restart',
    ]);

    const changed = await until(
      () => replies(parent).find((m) => blocksText(m).includes('What changed')),
      'the what-changed reply',
    );
    const text = blocksText(changed);
    // The deployment minutes before the alarm, by service, revision and image tag.
    expect(text).toContain('api');
    expect(text).toMatch(/revision 2|:2\b/);
    expect(text).toContain('v1.4.2');
    // The errors of the service follow when their Logs Insights query ends.
    const errors = await until(
      () => replies(parent).find((m) => blocksText(m).includes('connection pool exhausted')),
      'the errors reply',
    );
    expect(blocksText(errors)).not.toContain('xoxb-demo-0000-redactme');

    // Restart from the parent asks first (no --yes on the button): the plan, nothing deployed yet.
    const deployments = aws.world.ecsService('dev', 'api')!.deployments.length;
    const restart = buttons(parent).find((b) => b.text?.text === 'Restart')!;
    await h.slack.clickButton({
      userId: 'U0OPERATOR',
      channel: 'C0ALERTS',
      messageTs: parent.ts,
      actionId: restart.action_id!,
    });
    const question = await until(
      () =>
        h.slack
          .ephemeralMessages('U0OPERATOR')
          .find((e) => JSON.stringify(e.message.blocks ?? '').includes('restart dev api --yes')),
      'the restart confirmation',
    );
    expect(JSON.stringify(question.message.blocks)).toContain('api');
    expect(aws.world.ecsService('dev', 'api')!.deployments.length).toBe(deployments);

    aws.world.setAlarmState('dev-api-cpu-high', 'OK');
    const resolved = await until(() => {
      const m = h.slack.message('C0ALERTS', parent.ts);
      return m?.text.includes('RESOLVED') ? m : undefined;
    }, 'the resolved parent');
    const timeline = buttons(resolved).find((b) => b.text?.text === 'Timeline');
    expect(buttons(resolved).map((b) => b.text?.text)).toEqual(['Timeline']);
    const id = /inc-[a-z0-9]{6}/.exec(blocksText(resolved))?.[0];
    expect(id).toBeDefined();

    await h.slack.clickButton({
      userId: 'U0VIEWER',
      channel: 'C0ALERTS',
      messageTs: parent.ts,
      actionId: timeline!.action_id!,
    });
    const posted = await until(
      () => replies(parent).find((m) => !m.files && blocksText(m).includes(`Timeline of ${id}`)),
      'the timeline reply',
    );
    const story = blocksText(posted);
    // What the alert threads recorded, in order: opened, the deployment kept, resolved.
    expect(story).toContain('dev-api-cpu-high');
    expect(story).toContain('v1.4.2');
    expect(story).toMatch(/incident opened: \*dev-api-cpu-high\* ALARM/);
    // Resolved with the OK that resolved it, after it.
    expect(story.indexOf('v1.4.2')).toBeLessThan(story.indexOf('ALARM → OK'));
    expect(story.indexOf('ALARM → OK')).toBeLessThan(story.indexOf('incident resolved'));
    await until(
      () => replies(parent).some((m) => JSON.stringify(m).includes(`${id}-timeline.md`)),
      'the Markdown upload',
    );
  });
});
