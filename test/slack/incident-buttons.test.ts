import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { seedDemoWorld, seedIncidentStory } from '../../sandbox/emulators/aws/seed-demo-world.js';
import { incidentButtons, timelineButton } from '../../src/commands/incident-context-posts.js';
import { StoreIncidentHistory } from '../../src/incidents/incident-history.js';
import { renderBlocks } from '../../src/slack/render-blocks.js';
import { BOT_TOKEN, blocksText, type Harness, startHarness } from '../support/slack-bot-harness.js';

const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
alerts:
  channel: C0ALERTS
access:
  operators: [U0OPERATOR]
  admins: [U0ADMIN]
`;

let aws: AwsEmulator;
let h: Harness;
beforeAll(async () => {
  aws = await startAwsEmulator({ speed: 600 });
  seedDemoWorld(aws.world);
  seedIncidentStory(aws.world);
  h = await startHarness({
    config: CONFIG,
    env: { AWS_ENDPOINT_URL: aws.url, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
  });
  h.slack.addChannel({ id: 'C0ALERTS', name: 'alerts' });
});
afterAll(async () => {
  await h.close();
  await aws.close();
});

type Block = { type: string; elements?: Array<{ action_id?: string; text?: { text: string } }> };

describe('incident buttons over Slack, end to end', () => {
  it('"Timeline" on a resolved parent posts the timeline in its thread and uploads the Markdown', async () => {
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.apiUrl });
    const parent = await client.chat.postMessage({
      channel: 'C0ALERTS',
      ...renderBlocks({
        title: '🟢 RESOLVED dev-api-cpu-high',
        parts: [],
        buttons: [{ ...timelineButton('inc-e2e001'), command: 'incident timeline' }],
      }),
    });
    const ts = parent.ts!;
    const history = new StoreIncidentHistory(h.bot.store);
    const now = Date.now();
    await history.opened({
      id: 'inc-e2e001',
      title: 'dev-api-cpu-high',
      openedAt: new Date(now - 600_000).toISOString(),
      thread: { channel: 'C0ALERTS', ts },
      alarm: 'dev-api-cpu-high',
      state: 'ALARM',
      reason: 'CPU 91 % > 80 %',
    });
    await history.record('inc-e2e001', {
      kind: 'ack',
      at: new Date(now - 500_000).toISOString(),
      by: 'U0OPERATOR',
    });
    await history.record('inc-e2e001', { kind: 'resolved', at: new Date(now - 60_000).toISOString() });

    const posted = h.slack.message('C0ALERTS', ts);
    const blocks = posted?.blocks as Block[];
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.text?.text === 'Timeline')!;
    // A bare `incident timeline`: the incident comes from the thread the button is in.
    await h.slack.clickButton({
      userId: 'U0VIEWER',
      channel: 'C0ALERTS',
      messageTs: ts,
      actionId: button.action_id!,
    });
    await expect.poll(() => h.slack.thread('C0ALERTS', ts).length, { timeout: 5_000 }).toBeGreaterThan(1);
    const replies = h.slack.thread('C0ALERTS', ts).slice(1);
    const all = replies.map((m) => `${blocksText(m)} ${JSON.stringify(m)}`).join('\n');
    expect(all).toContain('Timeline of inc-e2e001');
    expect(all).toContain('acknowledged by');
    expect(all).toContain('inc-e2e001-timeline.md');
  });

  it('"Show errors" and "Restart" are command lines through the grammar, with the confirmation for restart', () => {
    expect(incidentButtons('dev', 'api')).toEqual([
      { label: 'Show errors', command: 'errors dev api' },
      { label: 'Restart', command: 'restart dev api', style: 'danger' },
    ]);
  });
});
