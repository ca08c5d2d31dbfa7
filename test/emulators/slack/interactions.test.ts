import { describe, expect, it } from 'vitest';
import { fakeClock, sharedFrontDoor, slackError } from './helpers.js';
import { json } from './receiver.js';

const clock = fakeClock();
const ctx = sharedFrontDoor({ clock: clock.now });

function respond(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

const modal = (title: string, extra: Record<string, unknown> = {}) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  submit: { type: 'plain_text' as const, text: 'Go' },
  blocks: [
    {
      type: 'input',
      block_id: 'env',
      label: { type: 'plain_text', text: 'Environment' },
      element: { type: 'plain_text_input', action_id: 'env_name' },
    },
    {
      type: 'input',
      block_id: 'when',
      optional: true,
      label: { type: 'plain_text', text: 'Keep for' },
      element: {
        type: 'static_select',
        action_id: 'duration',
        options: [
          { text: { type: 'plain_text', text: '2 hours' }, value: '2h' },
          { text: { type: 'plain_text', text: '4 hours' }, value: '4h' },
        ],
      },
    },
  ],
  ...extra,
});

describe('response_url', () => {
  it('posts ephemeral by default, in the channel on request, and works 5 times only', async () => {
    const { responseUrl } = await ctx.slack.sendSlashCommand({
      userId: 'U0BOB',
      channelId: 'C0OPS',
      text: 'status',
    });
    expect(await respond(responseUrl!, { text: 'one' })).toEqual({ status: 200, body: { ok: true } });
    expect(ctx.slack.ephemeralMessages('U0BOB').at(-1)?.message).toMatchObject({
      text: 'one',
      bot_id: ctx.slack.bot.botId,
    });
    await respond(responseUrl!, { text: 'two', response_type: 'in_channel' });
    expect(ctx.slack.channelHistory('C0OPS').at(-1)?.text).toBe('two');
    for (const text of ['three', 'four', 'five'])
      expect((await respond(responseUrl!, { text })).status).toBe(200);
    expect(await respond(responseUrl!, { text: 'six' })).toEqual({
      status: 404,
      body: { ok: false, error: 'used_url' },
    });
    expect(ctx.slack.responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 404]);
    expect(ctx.slack.responses.at(-1)).toMatchObject({ ok: false, error: 'used_url', body: { text: 'six' } });
  });

  it('expires after 30 minutes', async () => {
    const { responseUrl } = await ctx.slack.sendSlashCommand({
      userId: 'U0BOB',
      channelId: 'C0OPS',
      text: 'status',
    });
    clock.advance(29 * 60 * 1000);
    expect((await respond(responseUrl!, { text: 'still fine' })).status).toBe(200);
    clock.advance(60 * 1000 + 1);
    expect(await respond(responseUrl!, { text: 'late' })).toEqual({
      status: 404,
      body: { ok: false, error: 'expired_url' },
    });
  });

  it('refuses bodies Slack refuses without spending a use, and unknown URLs', async () => {
    const { responseUrl } = await ctx.slack.sendSlashCommand({
      userId: 'U0BOB',
      channelId: 'C0OPS',
      text: 'x',
    });
    expect(await respond(responseUrl!, {})).toEqual({ status: 400, body: { ok: false, error: 'no_text' } });
    const invalid = await respond(responseUrl!, { blocks: [{ type: 'section' }] });
    expect(invalid).toMatchObject({ status: 400, body: { error: 'invalid_blocks' } });
    const notJson = await fetch(responseUrl!, { method: 'POST', body: 'text=hi' });
    expect(notJson.status).toBe(400);
    for (let i = 0; i < 5; i++) expect((await respond(responseUrl!, { text: `ok ${i}` })).status).toBe(200);
    expect((await respond(`${ctx.slack.url}/response/abc123`, { text: 'x' })).body).toEqual({
      ok: false,
      error: 'no_service',
    });
  });

  it('replaces or deletes the clicked message (channel and ephemeral ones)', async () => {
    const blocks = [
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'Ack' } }],
      },
    ];
    const posted = await ctx.client.chat.postMessage({ channel: 'C0ALERTS', text: 'ALARM', blocks });
    const click = await ctx.slack.clickButton({
      userId: 'U0ALICE',
      channel: 'C0ALERTS',
      messageTs: posted.ts!,
      actionId: 'ack',
    });
    await respond(click.responseUrl!, { replace_original: true, text: 'Acked by @alice' });
    expect(ctx.slack.message('C0ALERTS', posted.ts!)).toMatchObject({ text: 'Acked by @alice' });
    expect(ctx.slack.message('C0ALERTS', posted.ts!)?.blocks).toBeUndefined();
    expect(ctx.slack.message('C0ALERTS', posted.ts!)?.edited).toBeUndefined();
    await respond(click.responseUrl!, { delete_original: true });
    expect(ctx.slack.message('C0ALERTS', posted.ts!)).toBeUndefined();

    const { message_ts } = await ctx.client.chat.postEphemeral({
      channel: 'C0OPS',
      user: 'U0BOB',
      text: 'Sure?',
      blocks,
    });
    const ephemeralClick = await ctx.slack.clickButton({
      userId: 'U0BOB',
      channel: 'C0OPS',
      messageTs: message_ts!,
      actionId: 'ack',
    });
    await respond(ephemeralClick.responseUrl!, { replace_original: true, text: 'Done' });
    expect(ctx.slack.ephemeralMessages('U0BOB').find((e) => e.message.ts === message_ts)?.message.text).toBe(
      'Done',
    );
    await respond(ephemeralClick.responseUrl!, { delete_original: 'true' });
    expect(ctx.slack.ephemeralMessages('U0BOB').find((e) => e.message.ts === message_ts)).toBeUndefined();
  });

  it('posts in_channel answers into a thread when asked', async () => {
    const parent = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'parent' });
    const { responseUrl } = await ctx.slack.sendSlashCommand({
      userId: 'U0BOB',
      channelId: 'C0OPS',
      text: 'x',
    });
    await respond(responseUrl!, { response_type: 'in_channel', thread_ts: parent.ts, text: 'in thread' });
    expect(ctx.slack.thread('C0OPS', parent.ts!).map((m) => m.text)).toEqual(['parent', 'in thread']);
  });
});

describe('trigger_id and modals', () => {
  it('opens a modal once per trigger and refuses expired, spent and unknown triggers', async () => {
    const { triggerId } = await ctx.slack.sendSlashCommand({
      userId: 'U0ALICE',
      channelId: 'C0OPS',
      text: 'add queue',
    });
    const opened = await ctx.client.views.open({ trigger_id: triggerId!, view: modal('Add a queue') });
    expect(opened.view).toMatchObject({
      type: 'modal',
      root_view_id: opened.view?.id,
      app_id: ctx.slack.bot.appId,
    });
    expect(ctx.slack.openViews('U0ALICE').map((v) => v.id)).toEqual([opened.view?.id]);
    expect(
      await slackError(ctx.client.views.open({ trigger_id: triggerId!, view: modal('Again') })),
    ).toMatchObject({
      error: 'exchanged_trigger_id',
    });
    expect(await slackError(ctx.client.views.open({ trigger_id: '1.2.3', view: modal('x') }))).toMatchObject({
      error: 'invalid_trigger_id',
    });

    const late = await ctx.slack.sendSlashCommand({
      userId: 'U0ALICE',
      channelId: 'C0OPS',
      text: 'add queue',
    });
    clock.advance(3001);
    expect(
      await slackError(ctx.client.views.open({ trigger_id: late.triggerId!, view: modal('x') })),
    ).toMatchObject({
      error: 'expired_trigger_id',
    });
  });

  it('validates the view and keeps the trigger usable when it is refused', async () => {
    const { triggerId } = await ctx.slack.sendSlashCommand({
      userId: 'U0BOB',
      channelId: 'C0OPS',
      text: 'x',
    });
    const refused = await slackError(
      ctx.client.views.open({
        trigger_id: triggerId!,
        view: { ...modal('x'), blocks: Array(101).fill({ type: 'divider' }) },
      }),
    );
    expect(refused).toMatchObject({
      error: 'invalid_arguments',
      response_metadata: {
        messages: [
          '[ERROR] failed to match all allowed schemas [json-pointer:/view]',
          '[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]',
        ],
      },
    });
    expect((await ctx.client.views.open({ trigger_id: triggerId!, view: modal('Fine') })).ok).toBe(true);
  });

  it('pushes up to 3 views and updates with hash checks', async () => {
    const first = await ctx.slack.sendSlashCommand({ userId: 'U0BOB', channelId: 'C0OPS', text: 'x' });
    const root = (await ctx.client.views.open({ trigger_id: first.triggerId!, view: modal('One') })).view!;
    for (const title of ['Two', 'Three']) {
      const { triggerId } = await ctx.slack.sendSlashCommand({
        userId: 'U0BOB',
        channelId: 'C0OPS',
        text: 'x',
      });
      const pushed = await ctx.client.views.push({ trigger_id: triggerId!, view: modal(title) });
      expect(pushed.view).toMatchObject({ root_view_id: root.id });
    }
    const { triggerId } = await ctx.slack.sendSlashCommand({
      userId: 'U0BOB',
      channelId: 'C0OPS',
      text: 'x',
    });
    expect(
      await slackError(ctx.client.views.push({ trigger_id: triggerId!, view: modal('Four') })),
    ).toMatchObject({
      error: 'push_limit_reached',
    });

    const updated = await ctx.client.views.update({
      view_id: root.id!,
      hash: root.hash,
      view: modal('One, edited'),
    });
    expect(updated.view).toMatchObject({ id: root.id, title: { text: 'One, edited' } });
    expect(updated.view?.hash).not.toBe(root.hash);
    expect(
      await slackError(ctx.client.views.update({ view_id: root.id!, hash: root.hash, view: modal('Stale') })),
    ).toMatchObject({ error: 'hash_conflict' });
    expect(await slackError(ctx.client.views.update({ view_id: 'V0NOPE', view: modal('x') }))).toMatchObject({
      error: 'not_found',
    });
  });
});

describe('view_submission', () => {
  async function openModal(userId: string, extra: Record<string, unknown> = {}) {
    const { triggerId } = await ctx.slack.sendSlashCommand({ userId, channelId: 'C0OPS', text: 'x' });
    return (await ctx.client.views.open({ trigger_id: triggerId!, view: modal('Keep dev up', extra) })).view!;
  }

  it('sends the state of every input and closes the modal on an empty ack', async () => {
    const view = await openModal('U0ALICE', { callback_id: 'keep', private_metadata: '{"env":"dev"}' });
    const response = await ctx.slack.submitView({
      userId: 'U0ALICE',
      viewId: view.id!,
      values: { env_name: 'dev', duration: '4h' },
    });
    expect(response).toMatchObject({ status: 200, viewOutcome: 'closed' });
    const payload = ctx.receiver.requests.at(-1)!.payload!;
    expect(payload).toMatchObject({
      type: 'view_submission',
      user: { id: 'U0ALICE' },
      team: { id: ctx.slack.team.id },
      api_app_id: ctx.slack.bot.appId,
      trigger_id: response.triggerId,
      response_urls: [],
      view: {
        id: view.id,
        callback_id: 'keep',
        private_metadata: '{"env":"dev"}',
        state: {
          values: {
            env: { env_name: { type: 'plain_text_input', value: 'dev' } },
            when: { duration: { type: 'static_select', selected_option: { value: '4h' } } },
          },
        },
      },
    });
    expect(ctx.slack.openViews('U0ALICE')).toEqual([]);
  });

  it('keeps the modal open with errors, updates it, pushes onto it, or clears the stack', async () => {
    const view = await openModal('U0BOB');
    ctx.answer = (_req, res) =>
      json(res, { response_action: 'errors', errors: { env: 'No such environment' } });
    const withErrors = await ctx.slack.submitView({
      userId: 'U0BOB',
      viewId: view.id!,
      values: { env_name: 'qa' },
    });
    expect(withErrors).toMatchObject({ viewOutcome: 'errors', viewErrors: { env: 'No such environment' } });
    // Left empty, the optional select is reported as null, as Slack does.
    expect(ctx.receiver.requests.at(-1)!.payload!.view).toMatchObject({
      state: { values: { when: { duration: { type: 'static_select', selected_option: null } } } },
    });

    ctx.answer = (_req, res) => json(res, { response_action: 'update', view: modal('Updated') });
    expect(await ctx.slack.submitView({ userId: 'U0BOB', viewId: view.id!, values: {} })).toMatchObject({
      viewOutcome: 'updated',
    });
    expect(ctx.slack.openViews('U0BOB')[0]).toMatchObject({ id: view.id, title: { text: 'Updated' } });

    ctx.answer = (_req, res) => json(res, { response_action: 'push', view: modal('Step 2') });
    expect((await ctx.slack.submitView({ userId: 'U0BOB', viewId: view.id!, values: {} })).viewOutcome).toBe(
      'pushed',
    );
    expect(ctx.slack.openViews('U0BOB')).toHaveLength(2);
    await expect(ctx.slack.submitView({ userId: 'U0BOB', viewId: view.id!, values: {} })).rejects.toThrow(
      /not the modal on top/,
    );

    ctx.answer = (_req, res) => json(res, { response_action: 'clear' });
    const top = ctx.slack.openViews('U0BOB')[1]!;
    expect((await ctx.slack.submitView({ userId: 'U0BOB', viewId: top.id, values: {} })).viewOutcome).toBe(
      'cleared',
    );
    expect(ctx.slack.openViews('U0BOB')).toEqual([]);
  });

  it('refuses values for inputs the view does not have', async () => {
    const view = await openModal('U0ALICE');
    await expect(
      ctx.slack.submitView({ userId: 'U0ALICE', viewId: view.id!, values: { ghost: 'x' } }),
    ).rejects.toThrow(/no input "ghost"/);
    await expect(
      ctx.slack.submitView({ userId: 'U0ALICE', viewId: view.id!, values: { duration: '9h' } }),
    ).rejects.toThrow(/no option with value "9h"/);
  });

  it('clicks buttons inside a modal or the App Home', async () => {
    await ctx.client.views.publish({
      user_id: 'U0ALICE',
      view: {
        type: 'home',
        blocks: [
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'start_dev', text: { type: 'plain_text', text: 'Start dev' } },
            ],
          },
        ],
      },
    });
    const home = ctx.slack.appHome('U0ALICE')!;
    const click = await ctx.slack.clickButton({ userId: 'U0ALICE', viewId: home.id, actionId: 'start_dev' });
    expect(click.status).toBe(200);
    expect(ctx.receiver.requests.at(-1)!.payload).toMatchObject({
      type: 'block_actions',
      container: { type: 'view', view_id: home.id },
      view: { id: home.id, type: 'home' },
      actions: [{ action_id: 'start_dev', type: 'button' }],
    });
    expect(click.responseUrl).toBeUndefined();
  });
});
