import { afterEach, describe, expect, it } from 'vitest';
import type { AwsEmulator, World } from '../../sandbox/emulators/aws/index.js';
import { postIncidentContext } from '../../src/commands/incident-context-posts.js';
import type { Message } from '../../src/commands/message.js';
import { StoreIncidentHistory } from '../../src/incidents/incident-history.js';
import type { PostedRef, Publisher, Upload } from '../../src/ports/publisher.js';
import { type ContextHarness, drain, startContextHarness, textOf } from './support/context-harness.js';

const MINUTE = 60_000;
const THREAD: PostedRef = { channel: 'C0ALERTS', ts: '1764581400.000100' };

function seed(world: World, emulator: AwsEmulator): void {
  world.addEcsCluster({ name: 'dev' });
  world.addEcsService({ cluster: 'dev', name: 'api', desiredCount: 1 });
  world.addEcsService({ cluster: 'dev', name: 'worker', desiredCount: 1 });
  emulator.clock.advance(3 * 3_600_000);
  world.deployService('dev', 'api', undefined, { imageTag: 'v9.9.9' });
  emulator.clock.advance(5 * MINUTE);
  world.logs.putEvents(world.scope(), '/ecs/dev/api', [
    { timestamp: emulator.clock.now() - MINUTE, message: 'INFO GET /health 200', stream: 'ecs/api/1' },
  ]);
}

let h: ContextHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('incident timeline', () => {
  it('lists every event of a scripted incident in order, in the thread and as a Markdown file', async () => {
    h = await startContextHarness(seed);
    const uploads: Array<{ channel: string; file: Upload; parent?: PostedRef }> = [];
    const replies: Message[] = [];
    const publisher: Publisher = {
      post: async () => THREAD,
      update: async () => {},
      postInThread: async (_parent, message) => {
        replies.push(message);
        return THREAD;
      },
      upload: async (channel, file, parent) => {
        uploads.push({ channel, file, ...(parent ? { parent } : {}) });
      },
      publishHome: async () => {},
      permalink: async (ref) => `https://slack.example/archives/${ref.channel}/p${ref.ts.replace('.', '')}`,
    };
    Object.assign(h.services, { publisher });
    const history = new StoreIncidentHistory(h.store);
    const t0 = h.emulator.clock.now();
    await history.opened({
      id: 'inc-abc123',
      environment: 'dev',
      service: 'api',
      title: 'dev-api-cpu-high',
      openedAt: new Date(t0).toISOString(),
      thread: THREAD,
      alarm: 'dev-api-cpu-high',
      state: 'ALARM',
      reason: 'CPU 91 % > 80 % for 3 of 3 minutes',
    });
    // What the alert thread calls once the parent is posted: "what changed", then the errors.
    const posted = await postIncidentContext(h.services, {
      id: 'inc-abc123',
      environment: 'dev',
      service: 'api',
      openedAt: new Date(t0),
      thread: THREAD,
    });
    expect(posted.changes?.items).toEqual([expect.objectContaining({ kind: 'deployment', revision: 2 })]);
    expect(textOf(replies[0]!)).toContain('dev-api:2');
    expect((await posted.errors)?.kind).toBe('none');
    expect(replies).toHaveLength(2);
    // Each step happens after the one before on the emulator's clock (it runs 600× faster).
    const later = (minutes: number) => {
      h!.emulator.clock.advance(minutes * MINUTE);
      return new Date(h!.emulator.clock.now()).toISOString();
    };
    await history.record('inc-abc123', { kind: 'ack', at: later(1), by: 'U0OPERATOR' });
    // The operator restarts the service through infrabot (audited by the runner, when it ends).
    later(1);
    await drain(await h.run('restart dev api --yes', 'U0OPERATOR', { confirmed: true }));
    await history.record('inc-abc123', { kind: 'reminder', at: later(1) });
    const resolvedAt = later(1);
    await history.record('inc-abc123', {
      kind: 'transition',
      at: resolvedAt,
      alarm: 'dev-api-cpu-high',
      state: 'OK',
      previousState: 'ALARM',
      reason: 'CPU back to 40 %',
    });
    await history.record('inc-abc123', { kind: 'resolved', at: resolvedAt });
    later(10);

    const result = await h.run('incident timeline', 'U0OPERATOR', { thread: THREAD });
    expect(result.outcome).toBe('ok');
    const items = (result.message.parts.find((p) => p.type === 'list') as { items: string[] }).items;
    const order = [
      /deploy of \*api\* → `dev-api:2`/,
      /incident opened: \*dev-api-cpu-high\* ALARM/,
      /what changed: 1 deployment, 0 merged PRs/,
      /errors: none/,
      /acknowledged by <@U0OPERATOR>/,
      // The restart's own deployment is part of the story, and then the action that asked for it.
      /deploy of \*api\* → `dev-api:2`/,
      /`restart dev api` by <@U0OPERATOR> · done/,
      /reminder/,
      /ALARM → OK/,
      /incident resolved/,
    ];
    expect(items, items.join('\n')).toHaveLength(order.length);
    for (const [i, pattern] of order.entries()) expect(items[i], `entry ${i}`).toMatch(pattern);

    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({
      channel: 'C0ALERTS',
      parent: THREAD,
      file: { filename: 'inc-abc123-timeline.md', contentType: 'text/markdown' },
    });
    const doc = new TextDecoder().decode(uploads[0]!.file.bytes);
    expect(doc).toContain('# Incident inc-abc123: dev-api-cpu-high');
    expect(doc).toContain('| Time (Asia/Tokyo) | UTC | Event |');
    const rows = doc
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Time') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(order.length);
    const utc = rows.map((r) => r.split(' | ')[1]!);
    expect([...utc].sort()).toEqual(utc);
    expect(doc).toContain('@U0OPERATOR');
    expect(doc).not.toContain('<@');
    // The PR source is not available in this build: the timeline says where its hole is.
    expect(doc).toContain('## Not in this timeline');

    // By id works too; unknown ids, bad ids and a thread-less call get clear answers.
    expect((await h.run('incident timeline inc-abc123 --markdown')).message.parts[0]).toMatchObject({
      type: 'code',
    });
    expect(textOf((await h.run('incident timeline inc-zzz999')).message)).toContain(
      'no incident `inc-zzz999`',
    );
    expect((await h.run('incident timeline "<!channel>"')).usage).toBe(true);
    expect(textOf((await h.run('incident timeline')).message)).toContain('Which incident?');
  });
});
