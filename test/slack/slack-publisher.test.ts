import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../sandbox/emulators/slack/index.js';
import { PublishError } from '../../src/ports/publisher.js';
import { ChannelPacer } from '../../src/slack/channel-pacer.js';
import { SlackPublisher } from '../../src/slack/slack-publisher.js';
import { captureLogger } from '../support/capture-logger.js';

const TOKEN = 'xoxb-1000000001-2000000002-publishertestpublisher';

describe('SlackPublisher against the Slack emulator', () => {
  let slack: SlackEmulator;
  let publisher: SlackPublisher;
  beforeEach(async () => {
    slack = await startSlackEmulator({ botToken: TOKEN, signingSecret: 'x' });
    slack.addChannel({ id: 'C0ALERTS', name: 'alerts' });
    slack.addChannel({ id: 'C0OTHER', name: 'other' });
    slack.addUser({ id: 'U0ADA', name: 'ada' });
    publisher = new SlackPublisher({
      client: new WebClient(TOKEN, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true }),
      logger: captureLogger().logger,
    });
  });
  afterEach(async () => slack.close());

  it('posts, edits, replies in the thread without broadcasting, uploads into the thread', async () => {
    const parent = await publisher.post('C0ALERTS', {
      title: 'ALARM dev-api-cpu',
      parts: [{ type: 'text', text: 'CPU 91 %' }],
    });
    expect(parent.channel).toBe('C0ALERTS');
    await publisher.update(parent, {
      title: 'RESOLVED dev-api-cpu',
      parts: [{ type: 'text', text: 'ok again' }],
    });
    const reply = await publisher.postInThread(parent, { parts: [{ type: 'text', text: 'back to OK' }] });
    await publisher.upload(
      'C0ALERTS',
      {
        filename: 'graph.png',
        contentType: 'image/png',
        bytes: new Uint8Array([137, 80, 78, 71]),
        title: 'CPU',
        altText: 'CPU graph',
      },
      parent,
    );

    const thread = slack.thread('C0ALERTS', parent.ts);
    expect(thread[0]?.text).toContain('RESOLVED dev-api-cpu');
    expect(thread.map((m) => m.ts)).toContain(reply.ts);
    expect(JSON.stringify(thread)).toContain('graph.png');
    // The reply stays in the thread: the channel shows only the parent.
    expect(slack.channelHistory('C0ALERTS').map((m) => m.ts)).toEqual([parent.ts]);
    const postCall = slack.calls.filter((c) => c.method === 'chat.postMessage').at(-1);
    expect(JSON.stringify(postCall)).not.toContain('"reply_broadcast":true');
  });

  it('publishes App Home within 100 blocks', async () => {
    const sections = Array.from({ length: 60 }, (_, i) => ({
      title: `section ${i}`,
      parts: [{ type: 'text' as const, text: 'x' }],
    }));
    await publisher.publishHome('U0ADA', sections);
    const home = slack.appHome('U0ADA');
    expect(home).toBeDefined();
    expect(JSON.stringify(home)).toContain('section 0');
  });

  it('turns a permanent Slack error into a PublishError that says it will not pass on retry', async () => {
    const error = await publisher
      .post('C0NOPE', { parts: [{ type: 'text', text: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).code).toBe('channel_not_found');
    expect((error as PublishError).retryable).toBe(false);
  });

  it('waits out a 429 for that channel only, and loses no post', async () => {
    // A pacer that ignores Slack's 1/s so the emulator's limit is what bites.
    const eager = new SlackPublisher({
      client: new WebClient(TOKEN, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true }),
      logger: captureLogger().logger,
      posts: new ChannelPacer({ perSecond: 1000, burst: 1000 }),
    });
    const hot = Array.from({ length: 6 }, (_, i) =>
      eager.post('C0ALERTS', { parts: [{ type: 'text', text: `m${i}` }] }),
    );
    const other = eager.post('C0OTHER', { parts: [{ type: 'text', text: 'elsewhere' }] });
    const otherAt = await other.then(() => Date.now());
    const hotDone = await Promise.all(hot).then(() => Date.now());
    expect(
      slack
        .channelHistory('C0ALERTS')
        .map((m) => m.text)
        .sort(),
    ).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(otherAt).toBeLessThan(hotDone);
    const limited = slack.calls.filter(
      (c) => c.method === 'chat.postMessage' && JSON.stringify(c).includes('ratelimited'),
    );
    expect(limited.length).toBeGreaterThan(0);
  }, 20_000);
});
