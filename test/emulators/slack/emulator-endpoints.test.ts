import { describe, expect, it } from 'vitest';
import type { WorkspaceSnapshot } from '../../../sandbox/emulators/slack/index.js';
import { sharedFrontDoor } from './helpers.js';
import { json } from './receiver.js';

const ctx = sharedFrontDoor();

function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  return fetch(`${ctx.slack.url}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
}

async function state(): Promise<WorkspaceSnapshot> {
  return (await fetch(`${ctx.slack.url}/_emulator/state`).then((r) => r.json())) as WorkspaceSnapshot;
}

describe('/_emulator endpoints for the sandbox page', () => {
  it('serves the workspace with threads, ephemeral messages, views and the App Home', async () => {
    const parent = await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'parent' });
    await ctx.client.chat.postMessage({ channel: 'C0OPS', text: 'reply', thread_ts: parent.ts });
    await ctx.client.chat.postEphemeral({ channel: 'C0OPS', user: 'U0BOB', text: 'psst' });
    await ctx.client.views.publish({
      user_id: 'U0BOB',
      view: { type: 'home', blocks: [{ type: 'divider' }] },
    });

    const snapshot = await state();
    expect(snapshot.team).toEqual(ctx.slack.team);
    expect(snapshot.users.map((u) => u.id)).toEqual(
      expect.arrayContaining(['U0ALICE', 'U0BOB', ctx.slack.bot.userId]),
    );
    expect(snapshot.usergroups).toEqual([expect.objectContaining({ id: 'S0PLATFORM', users: ['U0ALICE'] })]);
    const ops = snapshot.channels.find((c) => c.id === 'C0OPS')!;
    const thread = ops.messages.find((m) => m.ts === parent.ts)!;
    expect(thread.replies.map((r) => r.text)).toEqual(['reply']);
    expect(snapshot.ephemeral.U0BOB?.map((e) => e.message.text)).toEqual(['psst']);
    expect(snapshot.home.U0BOB?.blocks).toEqual([expect.objectContaining({ type: 'divider' })]);
    expect(snapshot.views).toEqual({});
  });

  it('streams a change event for every change', async () => {
    const controller = new AbortController();
    const res = await fetch(`${ctx.slack.url}/_emulator/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const posted = await ctx.client.chat.postMessage({ channel: 'C0ALERTS', text: 'ALARM' });
    while (!received.includes(posted.ts!)) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const frame = received.split('\n\n').find((f) => f.includes(posted.ts!))!;
    expect(frame).toContain('event: change');
    const data = JSON.parse(
      frame
        .split('\n')
        .find((l) => l.startsWith('data: '))!
        .slice(6),
    );
    expect(data).toMatchObject({ kind: 'message.posted', channel: 'C0ALERTS', ts: posted.ts });
  });

  it('drives slash commands, clicks, submissions and user messages', async () => {
    ctx.answer = (req, res) => {
      if (req.payload?.type === 'view_submission')
        return json(res, { response_action: 'errors', errors: { env: 'No' } });
      res.writeHead(200);
      res.end();
    };
    const command = await post('command', { userId: 'U0ALICE', channelId: 'C0OPS', text: 'status dev' });
    expect(command).toMatchObject({ status: 200, body: { ok: true, app: { status: 200 } } });
    expect(ctx.receiver.requests.at(-1)?.form.get('text')).toBe('status dev');

    const posted = await ctx.client.chat.postMessage({
      channel: 'C0OPS',
      text: 'x',
      blocks: [
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'go', text: { type: 'plain_text', text: 'Go' } }],
        },
      ],
    });
    const action = await post('action', {
      userId: 'U0ALICE',
      channel: 'C0OPS',
      messageTs: posted.ts,
      actionId: 'go',
    });
    expect(action.body).toMatchObject({ ok: true, app: { status: 200 } });
    expect(ctx.receiver.requests.at(-1)?.payload).toMatchObject({
      type: 'block_actions',
      actions: [{ action_id: 'go' }],
    });

    const trigger = (command.body.app as { triggerId: string }).triggerId;
    const view = await ctx.client.views.open({
      trigger_id: trigger,
      view: {
        type: 'modal',
        title: { type: 'plain_text', text: 'Env' },
        submit: { type: 'plain_text', text: 'Go' },
        blocks: [
          {
            type: 'input',
            block_id: 'env',
            label: { type: 'plain_text', text: 'Env' },
            element: { type: 'plain_text_input', action_id: 'e' },
          },
        ],
      },
    });
    expect((await state()).views.U0ALICE?.map((v) => v.id)).toEqual([view.view?.id]);
    const submission = await post('view-submission', {
      userId: 'U0ALICE',
      viewId: view.view?.id,
      values: { e: 'qa' },
    });
    expect(submission.body).toMatchObject({
      ok: true,
      app: { viewOutcome: 'errors', viewErrors: { env: 'No' } },
    });

    const message = await post('message', {
      userId: 'U0BOB',
      channel: 'C0OPS',
      text: 'thanks',
      threadTs: posted.ts,
    });
    expect(message.body).toMatchObject({ ok: true, message: { user: 'U0BOB', thread_ts: posted.ts } });
  });

  it('answers mistakes with 400 and a reason, never a crash', async () => {
    expect(await post('command', '{"userId":')).toEqual({
      status: 400,
      body: { ok: false, error: 'invalid_json' },
    });
    expect(await post('command', { channelId: 'C0OPS' })).toEqual({
      status: 400,
      body: { ok: false, error: 'missing string field "userId"' },
    });
    expect(
      (await post('action', { userId: 'U0BOB', channel: 'C0OPS', messageTs: '1.000001', actionId: 'x' }))
        .status,
    ).toBe(400);
    expect((await post('view-submission', { userId: 'U0BOB', viewId: 'V0NOPE' })).status).toBe(400);
    expect((await fetch(`${ctx.slack.url}/_emulator/nothing`)).status).toBe(404);
    expect((await fetch(`${ctx.slack.url}/elsewhere`)).status).toBe(404);
  });
});
