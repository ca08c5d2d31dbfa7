import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { seedDemoWorld } from '../../sandbox/emulators/aws/seed-demo-world.js';
import { ManualTicker } from '../../src/schedules/ticker.js';
import { type Harness, startHarness } from '../support/slack-bot-harness.js';
import { FakeClock } from './support/schedule-harness.js';

const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    channel: C0INFRA
    ecs: [{ cluster: dev, services: [api, worker] }]
    schedule: { start: "0 9 * * 1-5", stop: "0 21 * * 1-5", timezone: Europe/Berlin, warn_before: 15m }
  prod:
    region: ap-northeast-1
    protected: true
access:
  operators: [U0OPERATOR]
  admins: [U0ADMIN]
  channels: [C0INFRA]
`;

type Block = {
  type: string;
  elements?: Array<{ type: string; action_id?: string; value?: string; text?: { text: string } }>;
};
const buttons = (blocks: unknown) =>
  ((blocks ?? []) as Block[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

let aws: AwsEmulator;
let h: Harness;
const ticker = new ManualTicker();
// Mon 30 Mar 2026, 20:40 CEST: the bot starts during working hours, the 09:00 start already happened.
const clock = new FakeClock(new Date('2026-03-30T18:40:00Z'));

beforeAll(async () => {
  aws = await startAwsEmulator({ speed: 1_200 });
  seedDemoWorld(aws.world);
  h = await startHarness({
    config: CONFIG,
    env: { AWS_ENDPOINT_URL: aws.url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
    serve: { clock, ticker },
  });
});
afterAll(async () => {
  await h.close();
  await aws.close();
});

async function until<T>(probe: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const seen = h.slack
        .channelHistory('C0INFRA')
        .map((m) => JSON.stringify(m.blocks ?? m.text).slice(0, 200));
      throw new Error(`timed out waiting for ${what}; #infra has ${JSON.stringify(seen)}`);
    }
    await new Promise((r) => setTimeout(r, 30));
  }
}

const findPost = (pattern: RegExp) =>
  h.slack.channelHistory('C0INFRA').find((m) => pattern.test(JSON.stringify(m.blocks ?? m.text)));

describe('schedule warning and its buttons, through Slack', () => {
  let warning: { ts: string; blocks?: unknown };

  it('posts the warning 15 minutes before the stop in the environment channel', async () => {
    expect(ticker.registered).toBe(1);
    // The first tick after start-up catches up: Monday's 09:00 start (nothing to do, dev runs).
    ticker.fire();
    for (let i = 0; ; i++) {
      const audit = await h.bot.store.query<{ verb: string; actor: { kind: string } }>('audit');
      if (audit.some((e) => e.value.verb === 'start' && e.value.actor.kind === 'schedule')) break;
      if (i > 300) throw new Error('the catch-up tick did not run');
      await new Promise((r) => setTimeout(r, 30));
    }
    clock.set('2026-03-30T18:45:00Z');
    ticker.fire();
    warning = await until(() => findPost(/dev stops in 15 min/), 'the warning');
    expect(buttons(warning.blocks).map((b) => [b.text?.text, b.value])).toEqual([
      ['Keep running 2h', 'keep dev 2h'],
      ["Keep until tomorrow's start", 'keep dev until start'],
      ['Stop now', 'stop dev --yes'],
    ]);
  });

  const press = (userId: string, label: string) => {
    const button = buttons(warning.blocks).find((b) => b.text?.text === label)!;
    return h.slack.clickButton({
      userId,
      channel: 'C0INFRA',
      messageTs: warning.ts,
      actionId: button.action_id!,
    });
  };
  const threadReply = (pattern: RegExp) =>
    until(
      () =>
        h.slack.thread('C0INFRA', warning.ts).find((m) => pattern.test(JSON.stringify(m.blocks ?? m.text))),
      `a thread reply matching ${pattern}`,
    );

  it('"Keep running 2h" postpones the stop; the reply in the thread says until when', async () => {
    expect((await press('U0OPERATOR', 'Keep running 2h')).status).toBe(200);
    await threadReply(/dev kept running until 22:45/);
    const override = await h.bot.store.get<{ until: string; by: string }>({
      pk: 'schedule#dev',
      sk: 'override',
    });
    expect(override?.value).toMatchObject({ until: '2026-03-30T20:45:00.000Z', by: '<@U0OPERATOR>' });
  });

  it('"Keep until tomorrow\'s start" keeps it until Tuesday 09:00', async () => {
    await press('U0OPERATOR', "Keep until tomorrow's start");
    await threadReply(/dev kept running until Tue 31 Mar, 09:00/);
  });

  it('a viewer cannot keep: the button is refused and nothing changes', async () => {
    await press('U0MEMBER', 'Keep running 2h');
    await until(
      () =>
        h.slack
          .ephemeralMessages('U0MEMBER')
          .find((e) => /needs the operator role/.test(JSON.stringify(e.message))),
      'the denial',
    );
    const override = await h.bot.store.get<{ until: string }>({ pk: 'schedule#dev', sk: 'override' });
    expect(override?.value.until).toBe('2026-03-31T07:00:00.000Z');
  });

  it('/infra schedule dev shows the next actions and the override', async () => {
    await h.slack.sendSlashCommand({ userId: 'U0MEMBER', channelId: 'C0INFRA', text: 'schedule dev' });
    const shown = await until(
      () => h.slack.ephemeralMessages('U0MEMBER').find((e) => /Next actions/.test(JSON.stringify(e.message))),
      'the schedule',
    );
    const text = JSON.stringify(shown.message);
    expect(text).toContain('postponed by the keep');
    expect(text).toContain('Override:');
  });

  it('/infra keep dev until 23:00 replaces the override', async () => {
    await h.slack.sendSlashCommand({
      userId: 'U0OPERATOR',
      channelId: 'C0INFRA',
      text: 'keep dev until 23:00',
    });
    await until(() => findPost(/dev kept running until 23:00/), 'the keep reply in the channel');
  });

  it('"Stop now" stops it right away, as the clicker, with progress', async () => {
    await press('U0OPERATOR', 'Stop now');
    await until(() => aws.world.ecsService('dev', 'api')?.desiredCount === 0, 'api at 0');
    await threadReply(/dev stopped/);
    const [entry] = await h.bot.store.query<{ verb: string; actor: { id: string } }>('audit', {
      descending: true,
      limit: 1,
    });
    expect(entry?.value).toMatchObject({ verb: 'stop', actor: { id: 'U0OPERATOR' } });
  });

  it('App Home lists environments with their last action, next action, keep and the buttons the role allows', async () => {
    await h.slack.sendEvent({ type: 'app_home_opened', user: 'U0OPERATOR', tab: 'home' });
    const home = await until(() => h.slack.appHome('U0OPERATOR'), 'the operator’s App Home');
    // Actors are data: rendered as people read them, never as "[object Object]".
    expect(JSON.stringify(home)).not.toContain('[object Object]');
    const text = JSON.stringify(home.blocks);
    expect(text).toContain('dev · stopped');
    expect(text).toContain('by <@U0OPERATOR>');
    expect(text).toContain('Next');
    expect(text).toContain('Kept');
    const values = buttons(home.blocks).map((b) => b.value);
    expect(values).toEqual(expect.arrayContaining(['start dev', 'stop dev', 'keep dev 2h']));
    expect(values.some((v) => v?.includes('prod'))).toBe(false);
    await h.slack.sendEvent({ type: 'app_home_opened', user: 'U0MEMBER', tab: 'home' });
    const viewer = await until(() => h.slack.appHome('U0MEMBER'), 'the viewer’s App Home');
    expect(JSON.stringify(viewer.blocks)).toContain('dev · stopped');
    expect(buttons(viewer.blocks).some((b) => b.value === 'stop dev')).toBe(false);
  });
});
