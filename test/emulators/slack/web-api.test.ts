import { beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, sharedEmulator, slackError, webClient } from './helpers.js';

const ctx = sharedEmulator();

beforeAll(() => {
  ctx.slack.addChannel({ id: 'C0PRIVATE', name: 'secret', is_private: true, members: ['U0ALICE'] });
  ctx.slack.addChannel({ id: 'C0NOBOT', name: 'no-bot', botIsMember: false });
});

describe('authentication', () => {
  it('answers auth.test with the bot identity and the granted scopes header', async () => {
    const result = await ctx.client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      team_id: ctx.slack.team.id,
      user_id: ctx.slack.bot.userId,
      bot_id: ctx.slack.bot.botId,
      url: `https://${ctx.slack.team.domain}.slack.com/`,
    });
    expect(result.response_metadata?.scopes).toEqual(expect.arrayContaining(['chat:write', 'commands']));
  });

  it('answers invalid_auth for a wrong token and not_authed for none, both with HTTP 200', async () => {
    expect(await slackError(webClient(ctx.slack, 'xoxb-wrong').auth.test())).toMatchObject({
      error: 'invalid_auth',
    });
    const res = await fetch(`${ctx.slack.apiUrl}auth.test`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: false, error: 'not_authed' });
  });

  it('takes the token as a form argument but not inside a JSON body', async () => {
    const form = await fetch(`${ctx.slack.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${BOT_TOKEN}`,
    });
    expect(await form.json()).toMatchObject({ ok: true });
    const jsonBody = await fetch(`${ctx.slack.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: BOT_TOKEN }),
    });
    expect(await jsonBody.json()).toMatchObject({ ok: false, error: 'not_authed' });
  });

  it('answers unknown_method, invalid_json and json_not_object like Slack', async () => {
    expect(await slackError(ctx.client.apiCall('chat.teleport'))).toMatchObject({ error: 'unknown_method' });
    // A real method the emulator does not implement is refused too: no test passes on a call it never checked.
    expect(await slackError(ctx.client.apiCall('conversations.create', { name: 'x' }))).toMatchObject({
      error: 'unknown_method',
    });
    const post = (body: string) =>
      fetch(`${ctx.slack.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
        body,
      }).then((r) => r.json());
    expect(await post('{"channel":')).toEqual({ ok: false, error: 'invalid_json' });
    expect(await post('["C0OPS"]')).toEqual({ ok: false, error: 'json_not_object' });
  });
});

describe('hostile arguments', () => {
  it('answers Slack errors, never a crash, for arguments of the wrong type', async () => {
    const call = (method: string, body: unknown) =>
      fetch(`${ctx.slack.apiUrl}${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { ok: boolean; error?: string } }));
    expect(await call('chat.postMessage', { channel: { id: 'C0OPS' }, text: 'x' })).toMatchObject({
      status: 200,
      body: { ok: false, error: 'channel_not_found' },
    });
    expect((await call('chat.postMessage', { channel: 'C0OPS', blocks: 'not json' })).body.error).toBe(
      'invalid_blocks_format',
    );
    expect(
      (await call('chat.postMessage', { channel: 'C0OPS', blocks: { type: 'divider' } })).body.error,
    ).toBe('invalid_blocks_format');
    expect((await call('chat.update', { channel: 'C0OPS', ts: ['1'], text: 'x' })).body.error).toBe(
      'message_not_found',
    );
    expect((await call('conversations.history', { channel: 'C0OPS', limit: 'many' })).body.error).toBe(
      'invalid_limit',
    );
    expect((await call('conversations.history', { channel: 'C0OPS', oldest: 'yesterday' })).body.error).toBe(
      'invalid_ts_oldest',
    );
    expect((await call('views.publish', { user_id: 'U0BOB', view: 'not json' })).body.error).toBe(
      'invalid_arguments',
    );
    expect((await call('files.completeUploadExternal', { files: [{ title: 'no id' }] })).body.error).toBe(
      'invalid_arguments',
    );
    const huge = await fetch(`${ctx.slack.apiUrl}auth.test`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}` },
      body: Buffer.alloc(21 * 1024 * 1024, 'a'),
    });
    expect(await huge.json()).toEqual({ ok: false, error: 'request_too_large' });
  });
});

describe('chat.postMessage and threads', () => {
  it('posts a message with blocks and records the call', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*dev* is up' } }];
    const result = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'dev is up', blocks });
    expect(result.ok).toBe(true);
    expect(result.ts).toMatch(/^\d+\.\d{6}$/);
    expect(result.message).toMatchObject({
      text: 'dev is up',
      user: ctx.slack.bot.userId,
      bot_id: ctx.slack.bot.botId,
    });
    // Slack fills in a block_id where the app gave none.
    expect(result.message?.blocks?.[0]?.block_id).toEqual(expect.any(String));
    expect(ctx.slack.message('C0OPS', result.ts!)?.text).toBe('dev is up');
    const call = ctx.slack.calls.findLast((c) => c.method === 'chat.postMessage');
    expect(call).toMatchObject({ ok: true, status: 200, params: { channel: 'C0OPS', blocks } });
  });

  it('accepts a JSON body, a #name and a user id (the DM with that user)', async () => {
    const res = await fetch(`${ctx.slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({
        channel: '#alerts',
        text: 'json',
        metadata: { event_type: 'x', event_payload: {} },
      }),
    });
    const body = (await res.json()) as { ok: boolean; channel: string; ts: string };
    expect(body).toMatchObject({ ok: true, channel: 'C0ALERTS' });
    expect(ctx.slack.message('C0ALERTS', body.ts)?.metadata).toEqual({ event_type: 'x', event_payload: {} });

    const dm = await ctx.client.chat.postMessage({ channel: 'U0BOB', text: 'psst' });
    expect(dm.channel).toMatch(/^D/);
    expect(ctx.slack.channelHistory(dm.channel!).map((m) => m.text)).toEqual(['psst']);
  });

  it('threads replies, counts them on the parent and broadcasts on request', async () => {
    const parent = await ctx.client.chat.postMessage({ channel: 'C0ALERTS', text: 'ALARM cpu' });
    await ctx.client.chat.postMessage({ channel: 'C0ALERTS', text: 'still high', thread_ts: parent.ts });
    ctx.slack.postUserMessage({
      userId: 'U0ALICE',
      channel: 'C0ALERTS',
      text: 'looking',
      threadTs: parent.ts,
    });
    const broadcast = await ctx.client.chat.postMessage({
      channel: 'C0ALERTS',
      text: 'resolved',
      thread_ts: parent.ts!,
      reply_broadcast: true,
    });

    const thread = ctx.slack.thread('C0ALERTS', parent.ts!);
    expect(thread.map((m) => m.text)).toEqual(['ALARM cpu', 'still high', 'looking', 'resolved']);
    expect(thread[0]).toMatchObject({
      thread_ts: parent.ts,
      reply_count: 3,
      reply_users_count: 2,
      latest_reply: broadcast.ts,
    });
    expect(ctx.slack.message('C0ALERTS', broadcast.ts!)?.subtype).toBe('thread_broadcast');
    const channelTexts = ctx.slack.channelHistory('C0ALERTS').map((m) => m.text);
    expect(channelTexts).toContain('resolved');
    expect(channelTexts).not.toContain('still high');

    const replies = await ctx.client.conversations.replies({ channel: 'C0ALERTS', ts: parent.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(['ALARM cpu', 'still high', 'looking', 'resolved']);
    // A reply's ts names the same thread.
    const viaReply = await ctx.client.conversations.replies({ channel: 'C0ALERTS', ts: thread[1]!.ts });
    expect(viaReply.messages).toHaveLength(4);
  });

  it('refuses unknown channels, channels without the bot and unknown threads', async () => {
    expect(await slackError(ctx.client.chat.postMessage({ channel: 'C0NOPE', text: 'x' }))).toMatchObject({
      error: 'channel_not_found',
    });
    expect(await slackError(ctx.client.chat.postMessage({ channel: 'C0NOBOT', text: 'x' }))).toMatchObject({
      error: 'not_in_channel',
    });
    expect(
      await slackError(ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'x', thread_ts: '1.000001' })),
    ).toMatchObject({ error: 'invalid_thread_ts' });
  });
});

describe('chat.update, chat.delete, chat.postEphemeral, chat.getPermalink', () => {
  it('updates the bot message, keeping blocks unless new ones are given', async () => {
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: '🔴 ALARM' } }];
    const posted = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'alarm', blocks });
    const updated = await ctx.client.chat.update({ channel: 'C0OPS', ts: posted.ts!, text: 'resolved' });
    expect(updated).toMatchObject({ ok: true, channel: 'C0OPS', ts: posted.ts, text: 'resolved' });
    const stored = ctx.slack.message('C0OPS', posted.ts!);
    expect(stored?.text).toBe('resolved');
    expect(stored?.blocks?.[0]?.type).toBe('header');
    expect(stored?.edited?.user).toBe(ctx.slack.bot.userId);

    await ctx.client.chat.update({ channel: 'C0OPS', ts: posted.ts!, blocks: [] });
    expect(ctx.slack.message('C0OPS', posted.ts!)?.blocks).toEqual([]);
  });

  it('answers message_not_found, cant_update_message and cant_delete_message', async () => {
    const human = ctx.slack.postUserMessage({ userId: 'U0BOB', channel: 'C0OPS', text: 'hi bot' });
    expect(
      await slackError(ctx.client.chat.update({ channel: 'C0OPS', ts: human.ts, text: 'x' })),
    ).toMatchObject({
      error: 'cant_update_message',
    });
    expect(await slackError(ctx.client.chat.delete({ channel: 'C0OPS', ts: human.ts }))).toMatchObject({
      error: 'cant_delete_message',
    });
    expect(
      await slackError(ctx.client.chat.update({ channel: 'C0OPS', ts: '1.000001', text: 'x' })),
    ).toMatchObject({
      error: 'message_not_found',
    });
    expect(
      await slackError(ctx.client.chat.update({ channel: 'C0NOPE', ts: human.ts, text: 'x' })),
    ).toMatchObject({
      error: 'channel_not_found',
    });
  });

  it('deletes replies from their thread and leaves a tombstone for a parent with replies', async () => {
    const parent = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'parent' });
    const reply = await ctx.client.chat.postMessage({
      channel: 'C0OPS',
      text: 'reply',
      thread_ts: parent.ts,
    });
    const other = await ctx.client.chat.postMessage({
      channel: 'C0OPS',
      text: 'other',
      thread_ts: parent.ts,
    });
    await ctx.client.chat.delete({ channel: 'C0OPS', ts: reply.ts! });
    expect(ctx.slack.thread('C0OPS', parent.ts!).map((m) => m.text)).toEqual(['parent', 'other']);
    expect(ctx.slack.message('C0OPS', parent.ts!)?.reply_count).toBe(1);

    await ctx.client.chat.delete({ channel: 'C0OPS', ts: parent.ts! });
    expect(ctx.slack.message('C0OPS', parent.ts!)).toMatchObject({
      subtype: 'tombstone',
      text: 'This message was deleted.',
    });
    expect(ctx.slack.message('C0OPS', other.ts!)?.text).toBe('other');
    expect(await slackError(ctx.client.chat.delete({ channel: 'C0OPS', ts: parent.ts! }))).toMatchObject({
      error: 'message_not_found',
    });

    const lone = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'lone' });
    expect(await ctx.client.chat.delete({ channel: 'C0OPS', ts: lone.ts! })).toMatchObject({
      ok: true,
      ts: lone.ts,
    });
    expect(ctx.slack.message('C0OPS', lone.ts!)).toBeUndefined();
  });

  it('stores ephemeral messages per user and checks membership', async () => {
    const result = await ctx.client.chat.postEphemeral({ channel: 'C0OPS', user: 'U0BOB', text: 'only you' });
    expect(result.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(ctx.slack.ephemeralMessages('U0BOB').map((e) => [e.channel, e.message.text])).toContainEqual([
      'C0OPS',
      'only you',
    ]);
    expect(ctx.slack.channelHistory('C0OPS').map((m) => m.text)).not.toContain('only you');
    expect(
      await slackError(ctx.client.chat.postEphemeral({ channel: 'C0PRIVATE', user: 'U0BOB', text: 'x' })),
    ).toMatchObject({ error: 'user_not_in_channel' });
  });

  it('builds permalinks for messages and thread replies', async () => {
    const parent = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'p' });
    const reply = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'r', thread_ts: parent.ts });
    const digits = parent.ts!.replace('.', '');
    expect((await ctx.client.chat.getPermalink({ channel: 'C0OPS', message_ts: parent.ts! })).permalink).toBe(
      `https://${ctx.slack.team.domain}.slack.com/archives/C0OPS/p${digits}`,
    );
    expect(
      (await ctx.client.chat.getPermalink({ channel: 'C0OPS', message_ts: reply.ts! })).permalink,
    ).toContain(`?thread_ts=${parent.ts}&cid=C0OPS`);
    expect(
      await slackError(ctx.client.chat.getPermalink({ channel: 'C0OPS', message_ts: '1.000001' })),
    ).toMatchObject({
      error: 'message_not_found',
    });
  });
});

describe('conversations, users and user groups', () => {
  it('describes a channel', async () => {
    const result = await ctx.client.conversations.info({ channel: 'C0PRIVATE' });
    expect(result.channel).toMatchObject({
      id: 'C0PRIVATE',
      name: 'secret',
      is_private: true,
      is_member: true,
    });
    expect(await slackError(ctx.client.conversations.info({ channel: 'C0NOPE' }))).toMatchObject({
      error: 'channel_not_found',
    });
  });

  it('pages through history newest first with cursors and time bounds', async () => {
    ctx.slack.addChannel({ id: 'C0HIST', name: 'history' });
    const posted: string[] = [];
    for (const text of ['one', 'two', 'three', 'four', 'five']) {
      posted.push((await ctx.client.chat.postMessage({ channel: 'C0HIST', text })).ts!);
    }
    const first = await ctx.client.conversations.history({ channel: 'C0HIST', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['five', 'four']);
    expect(first.has_more).toBe(true);
    const second = await ctx.client.conversations.history({
      channel: 'C0HIST',
      limit: 2,
      cursor: first.response_metadata?.next_cursor,
    });
    expect(second.messages?.map((m) => m.text)).toEqual(['three', 'two']);

    const all: string[] = [];
    for await (const page of ctx.client.paginate('conversations.history', { channel: 'C0HIST', limit: 2 })) {
      all.push(...(page as unknown as { messages: Array<{ text: string }> }).messages.map((m) => m.text));
    }
    expect(all).toEqual(['five', 'four', 'three', 'two', 'one']);

    const bounded = await ctx.client.conversations.history({
      channel: 'C0HIST',
      oldest: posted[1],
      latest: posted[3],
      inclusive: true,
    });
    expect(bounded.messages?.map((m) => m.text)).toEqual(['four', 'three', 'two']);
    expect(
      await slackError(ctx.client.conversations.history({ channel: 'C0HIST', cursor: 'garbage' })),
    ).toMatchObject({
      error: 'invalid_cursor',
    });
    expect(await slackError(ctx.client.conversations.history({ channel: 'C0NOBOT' }))).toMatchObject({
      error: 'not_in_channel',
    });
  });

  it('answers thread_not_found for an unknown thread', async () => {
    expect(
      await slackError(ctx.client.conversations.replies({ channel: 'C0OPS', ts: '1.000001' })),
    ).toMatchObject({
      error: 'thread_not_found',
    });
  });

  it('looks up users and user group members', async () => {
    const user = await ctx.client.users.info({ user: 'U0ALICE' });
    expect(user.user).toMatchObject({
      id: 'U0ALICE',
      name: 'alice',
      real_name: 'Alice Admin',
      is_admin: true,
    });
    expect(await slackError(ctx.client.users.info({ user: 'U0NOBODY' }))).toMatchObject({
      error: 'user_not_found',
    });
    expect((await ctx.client.usergroups.users.list({ usergroup: 'S0PLATFORM' })).users).toEqual(['U0ALICE']);
    expect(await slackError(ctx.client.usergroups.users.list({ usergroup: 'S0NOPE' }))).toMatchObject({
      error: 'no_such_subteam',
    });
  });
});

describe('views.publish (App Home)', () => {
  it('publishes and republishes a home tab per user', async () => {
    const view = {
      type: 'home' as const,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'dev: up' } }],
    };
    const first = await ctx.client.views.publish({ user_id: 'U0ALICE', view });
    expect(first.view).toMatchObject({ type: 'home', team_id: ctx.slack.team.id });
    const again = await ctx.client.views.publish({
      user_id: 'U0ALICE',
      view: { type: 'home', blocks: [{ type: 'divider' }] },
      hash: first.view?.hash,
    });
    expect(again.view?.id).toBe(first.view?.id);
    expect(ctx.slack.appHome('U0ALICE')?.blocks.map((b) => b.type)).toEqual(['divider']);
    expect(
      await slackError(ctx.client.views.publish({ user_id: 'U0ALICE', view, hash: 'stale.hash' })),
    ).toMatchObject({ error: 'hash_conflict' });
    expect(await slackError(ctx.client.views.publish({ user_id: 'U0NOBODY', view }))).toMatchObject({
      error: 'user_not_found',
    });
  });
});
