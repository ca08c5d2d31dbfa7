import { describe, expect, it } from 'vitest';
import { sharedFrontDoor, webClient } from './helpers.js';
import { json } from './receiver.js';

const ctx = sharedFrontDoor();

describe('slash commands', () => {
  it('sends the form Slack sends, in Slack’s field order, signed', async () => {
    const response = await ctx.slack.sendSlashCommand({
      userId: 'U0ALICE',
      channelId: 'C0OPS',
      text: 'status dev',
    });
    expect(response).toMatchObject({ status: 200, timedOut: false });
    const request = ctx.receiver.requests.at(-1)!;
    expect(request.contentType).toBe('application/x-www-form-urlencoded');
    expect([...request.form.keys()]).toEqual([
      'token',
      'team_id',
      'team_domain',
      'channel_id',
      'channel_name',
      'user_id',
      'user_name',
      'command',
      'text',
      'api_app_id',
      'is_enterprise_install',
      'response_url',
      'trigger_id',
    ]);
    expect(Object.fromEntries(request.form)).toMatchObject({
      team_id: ctx.slack.team.id,
      team_domain: ctx.slack.team.domain,
      channel_id: 'C0OPS',
      channel_name: 'ops',
      user_id: 'U0ALICE',
      user_name: 'alice',
      command: '/infra',
      text: 'status dev',
      api_app_id: ctx.slack.bot.appId,
      is_enterprise_install: 'false',
      response_url: response.responseUrl,
      trigger_id: response.triggerId,
    });
    expect(response.responseUrl).toMatch(new RegExp(`^${ctx.slack.url}/response/[0-9a-f]+$`));
    expect(response.triggerId).toMatch(/^\d+\.\d+\.[0-9a-f]+$/);
  });

  it.each([['bad-signature'], ['stale-timestamp'], ['no-headers']] as const)(
    'lets the app refuse a request with %s (401)',
    async (signing) => {
      const before = ctx.receiver.requests.length;
      const response = await ctx.slack.sendSlashCommand({
        userId: 'U0ALICE',
        channelId: 'C0OPS',
        text: 'x',
        signing,
      });
      expect(response).toMatchObject({ status: 401, error: 'http_client_error' });
      expect(ctx.receiver.requests.length).toBe(before);
    },
  );

  it('shows the synchronous answer as an ephemeral message, or in the channel when asked', async () => {
    ctx.answer = (_req, res) => json(res, { text: 'Checking dev…' });
    await ctx.slack.sendSlashCommand({ userId: 'U0BOB', channelId: 'C0OPS', text: 'status dev' });
    expect(ctx.slack.ephemeralMessages('U0BOB').at(-1)?.message.text).toBe('Checking dev…');

    ctx.answer = (_req, res) => json(res, { response_type: 'in_channel', text: 'dev is stopping' });
    await ctx.slack.sendSlashCommand({ userId: 'U0BOB', channelId: 'C0OPS', text: 'stop dev' });
    expect(ctx.slack.channelHistory('C0OPS').at(-1)?.text).toBe('dev is stopping');

    ctx.answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('plain words');
    };
    await ctx.slack.sendSlashCommand({ userId: 'U0BOB', channelId: 'C0OPS', text: 'help' });
    expect(ctx.slack.ephemeralMessages('U0BOB').at(-1)?.message.text).toBe('plain words');
  });

  it('tells the user when the app fails, like Slackbot does', async () => {
    ctx.answer = (_req, res) => {
      res.writeHead(500);
      res.end();
    };
    const failed = await ctx.slack.sendSlashCommand({ userId: 'U0BOB', channelId: 'C0OPS', text: 'boom' });
    expect(failed).toMatchObject({ status: 500, error: 'http_service_error' });
    expect(ctx.slack.ephemeralMessages('U0BOB').at(-1)?.message).toMatchObject({
      user: 'USLACKBOT',
      text: '/infra failed with the error "http_service_error"',
    });

    ctx.answer = (_req, res) => json(res, { blocks: [{ type: 'nope' }] });
    await ctx.slack.sendSlashCommand({ userId: 'U0BOB', channelId: 'C0OPS', text: 'bad blocks' });
    expect(ctx.slack.ephemeralMessages('U0BOB').at(-1)?.message.text).toBe(
      '/infra failed with the error "invalid_blocks"',
    );
  });

  it('gives up after the ack timeout with operation_timeout', async () => {
    ctx.answer = (_req, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end();
      }, 300);
    };
    const response = await ctx.slack.sendSlashCommand({
      userId: 'U0BOB',
      channelId: 'C0OPS',
      text: 'slow',
      timeoutMs: 50,
    });
    expect(response).toMatchObject({ status: 0, timedOut: true, error: 'operation_timeout' });
  });

  it('reports dispatch_failed when nothing listens, and refuses unknown users or channels', async () => {
    ctx.slack.setAppEventsUrl('http://127.0.0.1:9/slack/events');
    try {
      const response = await ctx.slack.sendSlashCommand({ userId: 'U0BOB', channelId: 'C0OPS', text: 'x' });
      expect(response).toMatchObject({ status: 0, error: 'dispatch_failed' });
    } finally {
      ctx.slack.setAppEventsUrl(ctx.receiver.url);
    }
    await expect(ctx.slack.sendSlashCommand({ userId: 'U0NOBODY', channelId: 'C0OPS' })).rejects.toThrow(
      /unknown user/,
    );
    await expect(ctx.slack.sendSlashCommand({ userId: 'U0BOB', channelId: 'C0NOPE' })).rejects.toThrow(
      /unknown channel/,
    );
  });
});

describe('block_actions', () => {
  it('sends the clicked button with the stored message, container and response_url', async () => {
    const client = webClient(ctx.slack);
    const posted = await client.chat.postMessage({
      channel: 'C0OPS',
      text: 'Stop dev?',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Stop *dev*?' } },
        {
          type: 'actions',
          block_id: 'confirm',
          elements: [
            {
              type: 'button',
              action_id: 'stop',
              text: { type: 'plain_text', text: 'Stop' },
              value: 'dev',
              style: 'danger',
            },
            {
              type: 'button',
              action_id: 'stop',
              text: { type: 'plain_text', text: 'Stop prod' },
              value: 'prod',
            },
            {
              type: 'static_select',
              action_id: 'duration',
              placeholder: { type: 'plain_text', text: 'Keep for' },
              options: [
                { text: { type: 'plain_text', text: '2h' }, value: '2h' },
                { text: { type: 'plain_text', text: '4h' }, value: '4h' },
              ],
            },
          ],
        },
      ],
    });
    const response = await ctx.slack.clickButton({
      userId: 'U0ALICE',
      channel: 'C0OPS',
      messageTs: posted.ts!,
      actionId: 'stop',
      value: 'dev',
    });
    expect(response.status).toBe(200);
    const payload = ctx.receiver.requests.at(-1)!.payload!;
    expect(payload).toMatchObject({
      type: 'block_actions',
      user: { id: 'U0ALICE', username: 'alice', name: 'alice', team_id: ctx.slack.team.id },
      api_app_id: ctx.slack.bot.appId,
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C0OPS', is_ephemeral: false },
      trigger_id: response.triggerId,
      team: { id: ctx.slack.team.id, domain: ctx.slack.team.domain },
      channel: { id: 'C0OPS', name: 'ops' },
      message: { ts: posted.ts, text: 'Stop dev?', bot_id: ctx.slack.bot.botId },
      response_url: response.responseUrl,
      actions: [
        {
          type: 'button',
          action_id: 'stop',
          block_id: 'confirm',
          value: 'dev',
          style: 'danger',
          text: { type: 'plain_text', text: 'Stop' },
        },
      ],
    });
    expect((payload.actions as Array<{ action_ts: string }>)[0]!.action_ts).toMatch(/^\d+\.\d{6}$/);

    await ctx.slack.clickButton({
      userId: 'U0ALICE',
      channel: 'C0OPS',
      messageTs: posted.ts!,
      actionId: 'stop',
      value: 'prod',
    });
    expect(ctx.receiver.requests.at(-1)!.payload!.actions).toMatchObject([{ value: 'prod' }]);

    await ctx.slack.clickButton({
      userId: 'U0ALICE',
      channel: 'C0OPS',
      messageTs: posted.ts!,
      actionId: 'duration',
      value: '4h',
    });
    expect(ctx.receiver.requests.at(-1)!.payload!.actions).toMatchObject([
      { type: 'static_select', action_id: 'duration', selected_option: { value: '4h' } },
    ]);
  });

  it('clicks buttons of ephemeral messages without sending the message itself', async () => {
    const client = webClient(ctx.slack);
    const { message_ts } = await client.chat.postEphemeral({
      channel: 'C0OPS',
      user: 'U0BOB',
      text: 'Confirm?',
      blocks: [
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'yes', text: { type: 'plain_text', text: 'Yes' } }],
        },
      ],
    });
    await ctx.slack.clickButton({
      userId: 'U0BOB',
      channel: 'C0OPS',
      messageTs: message_ts!,
      actionId: 'yes',
    });
    const payload = ctx.receiver.requests.at(-1)!.payload!;
    expect(payload.container).toMatchObject({ is_ephemeral: true, message_ts });
    expect(payload.message).toBeUndefined();
    // Someone else cannot see, so cannot click, that ephemeral message.
    await expect(
      ctx.slack.clickButton({ userId: 'U0ALICE', channel: 'C0OPS', messageTs: message_ts!, actionId: 'yes' }),
    ).rejects.toThrow(/no message/);
  });

  it('refuses clicks on buttons that do not exist', async () => {
    const posted = await webClient(ctx.slack).chat.postMessage({ channel: 'C0OPS', text: 'no buttons' });
    await expect(
      ctx.slack.clickButton({ userId: 'U0BOB', channel: 'C0OPS', messageTs: posted.ts!, actionId: 'ghost' }),
    ).rejects.toThrow(/no element with action_id "ghost"/);
  });
});
