import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { seedDemoWorld } from '../../sandbox/emulators/aws/seed-demo-world.js';
import { type Harness, startHarness } from '../support/slack-bot-harness.js';

const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-db, dev-reports-replica] }
  prod:
    region: ap-northeast-1
    protected: true
access:
  operators: [U0OPERATOR]
  admins: [U0ADMIN]
  channels: [C0INFRA]
  audit_channel: C0AUDIT
`;

let aws: AwsEmulator;
let h: Harness;
beforeAll(async () => {
  aws = await startAwsEmulator({ speed: 600 });
  seedDemoWorld(aws.world);
  h = await startHarness({
    config: CONFIG,
    env: { AWS_ENDPOINT_URL: aws.url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
  });
  h.slack.addChannel({ id: 'C0AUDIT', name: 'infrabot-audit' });
});
afterAll(async () => {
  await h.close();
  await aws.close();
});

type Block = {
  type: string;
  elements?: Array<{ type: string; action_id?: string; value?: string; text?: { text: string } }>;
};
const buttons = (blocks: unknown) =>
  ((blocks ?? []) as Block[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const seen = h.slack
        .channelHistory('C0INFRA')
        .map((m) => JSON.stringify(m.blocks ?? m.text).slice(0, 160));
      const privately = ['U0OPERATOR', 'U0ADMIN']
        .flatMap((u) => h.slack.ephemeralMessages(u))
        .map((e) => JSON.stringify(e.message.blocks ?? e.message.text).slice(0, 160));
      throw new Error(
        `timed out waiting for ${what}; #infra has ${JSON.stringify(seen)}; ephemeral: ${JSON.stringify(privately.slice(-4))}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs a command that needs confirmation and returns the question once it is shown to the asker. */
async function ask(userId: string, text: string) {
  const before = h.slack.ephemeralMessages(userId).length;
  const res = await h.slack.sendSlashCommand({ userId, channelId: 'C0INFRA', text });
  expect(res.status).toBe(200);
  // The plan arrives as an ephemeral message (in the ack, or via response_url if AWS was slow).
  const question = await until(
    () =>
      h.slack
        .ephemeralMessages(userId)
        .slice(before)
        .find((e) => buttons(e.message.blocks).some((b) => b.value === `${text} --yes`)),
    `the confirmation of ${text}`,
  );
  const button = (label: string) => buttons(question.message.blocks).find((b) => b.text?.text === label)!;
  const press = (label: string) =>
    h.slack.clickButton({
      userId,
      channel: 'C0INFRA',
      messageTs: question.message.ts,
      actionId: button(label).action_id!,
    });
  return { message: question.message, press };
}

describe('/infra stop dev over Slack, end to end', () => {
  it('asks first, runs on "Yes", edits one progress message, audits and posts to the audit channel', async () => {
    const question = await ask('U0OPERATOR', 'stop dev');
    expect(JSON.stringify(question.message.blocks)).toContain('dev-reports-replica');
    expect(aws.calls.list({ service: 'ecs', action: 'UpdateService' })).toHaveLength(0);

    const click = await question.press('Yes, go ahead');
    expect(click.status).toBe(200);

    // One channel message, edited as resources move, ending in a summary.
    const progress = await until(
      () =>
        h.slack
          .channelHistory('C0INFRA')
          .find((m) => /Stopping dev|dev stopped/.test(JSON.stringify(m.blocks))),
      'the progress message',
    );
    const final = await until(
      () => {
        const m = h.slack.message('C0INFRA', progress.ts);
        return m && JSON.stringify(m.blocks).includes('✅ dev stopped') ? m : undefined;
      },
      'the summary',
      30_000,
    );
    expect(JSON.stringify(final.blocks)).toContain('dev-reports-replica');
    // The channel sees who did it.
    expect(JSON.stringify(final.blocks)).toContain('asked by <@U0OPERATOR>');
    expect(aws.world.ecsService('dev', 'api')?.desiredCount).toBe(0);
    expect(h.slack.calls.filter((c) => c.method === 'chat.update').length).toBeGreaterThan(0);

    const entries = (
      await h.bot.store.query<{ command: string; outcome: string; actor: { id: string } }>('audit')
    ).map((i) => i.value);
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          command: 'stop dev',
          confirmation: 'asked',
          actor: expect.objectContaining({ id: 'U0OPERATOR' }),
        }),
      ]),
    );
    const posted = await until(
      () => h.slack.channelHistory('C0AUDIT').find((m) => (m.text ?? '').includes('`stop dev` (confirmed)')),
      'the audit channel post',
    );
    expect(posted.text).toContain('<@U0OPERATOR>');
  });

  it('a second click on the same confirmation does not run it twice', async () => {
    const question = await ask('U0ADMIN', 'start dev');
    await Promise.all([question.press('Yes, go ahead'), question.press('Yes, go ahead')]);
    await until(
      // Progress is edited in place: by now it may already be the summary.
      () =>
        h.slack
          .channelHistory('C0INFRA')
          .find((m) => /Starting dev|dev started/.test(JSON.stringify(m.blocks))),
      'the start progress message',
    );
    const starts = () =>
      h.bot.store
        .query<{ command: string; verb: string; outcome: string }>('audit')
        .then((items) =>
          items.map((i) => i.value).filter((e) => e.verb === 'start' && e.command === 'start dev'),
        );
    // One audit line per action, written when it ends: wait for it, then make sure it is the only one.
    await until(
      async () => ((await starts()).length > 0 ? true : undefined),
      'the audit entry of the start',
      30_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await starts()).toHaveLength(1);
  });

  it('refuses a viewer and a protected environment, with audit entries', async () => {
    const viewer = await h.slack.sendSlashCommand({
      userId: 'U0VIEWER',
      channelId: 'C0INFRA',
      text: 'stop dev --yes',
    });
    expect(viewer.elapsedMs).toBeLessThan(3_000);
    expect(JSON.stringify(viewer.json)).toContain('needs the operator role');
    const prod = await h.slack.sendSlashCommand({
      userId: 'U0ADMIN',
      channelId: 'C0INFRA',
      text: 'stop prod --yes',
    });
    expect(JSON.stringify(prod.json)).toContain('prod is protected');
    const denied = (await h.bot.store.query<{ outcome: string; command: string }>('audit'))
      .map((i) => i.value)
      .filter((e) => e.outcome === 'denied');
    expect(denied.map((e) => e.command)).toEqual(
      expect.arrayContaining(['stop dev --yes', 'stop prod --yes']),
    );
  });

  it('"Cancel" replaces the question with "Cancelled, nothing changed" and changes nothing', async () => {
    const question = await ask('U0OPERATOR', 'stop dev');
    const before = aws.calls.list({ service: 'ecs', action: 'UpdateService' }).length;
    const click = await question.press('Cancel');
    expect(click.status).toBe(200);
    await until(
      () => h.slack.responses.find((r) => JSON.stringify(r.body).includes('Cancelled, nothing changed.')),
      'the cancel answer',
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(aws.calls.list({ service: 'ecs', action: 'UpdateService' }).length).toBe(before);
  });

  it('acks within 3 s when AWS is slow, then answers through response_url', async () => {
    aws.faults.inject('ecs', 'DescribeServices', { kind: 'latency', latencyMs: 2_500, times: 1 });
    try {
      const res = await h.slack.sendSlashCommand({
        userId: 'U0VIEWER',
        channelId: 'C0INFRA',
        text: 'status dev',
      });
      expect(res.status).toBe(200);
      expect(res.elapsedMs).toBeLessThan(3_000);
      expect(res.body).toBe('');
      const answer = await until(
        () =>
          h.slack.responses.find(
            (r) => r.url === res.responseUrl && JSON.stringify(r.body).includes('dev/api'),
          ),
        'the response_url answer',
      );
      expect(answer.ok).toBe(true);
    } finally {
      aws.faults.clear();
    }
  });
});
