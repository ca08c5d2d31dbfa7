import { afterEach, describe, expect, it } from 'vitest';
import type { World } from '../../sandbox/emulators/aws/index.js';
import { type Harness, lastOf, OPERATOR, runToEnd, startHarness } from './support/harness.js';

const CONFIG = `
environments:
  big:
    region: ap-northeast-1
    ecs: [{ cluster: big }]
`;

const SERVICES = 60;

function seed(world: World): void {
  world.addEcsCluster({ name: 'big' });
  for (let i = 0; i < SERVICES; i++)
    world.addEcsService({ cluster: 'big', name: `svc-${String(i).padStart(2, '0')}`, desiredCount: 1 });
}

let h: Harness;
afterEach(async () => h?.close());

const allStopped = (world: World) => world.ecsServices().every((s) => s.desiredCount === 0);

describe('stopping 60 services within ECS’s service-modify limit (burst 50, 5 per second)', () => {
  it('retries what AWS throttles, with backoff, until every service is stopped', async () => {
    // No client-side pacing, and other callers (a deploy pipeline) are spending the same budget:
    // AWS throttles 25 of the calls on top of its own bucket.
    h = await startHarness({
      config: CONFIG,
      seed,
      gateways: { ecsModifyRate: { burst: 1_000, perSecond: 1_000 } },
    });
    h.emulator.faults.inject('ecs', 'UpdateService', { kind: 'throttle', times: 25 });
    const summary = lastOf(await runToEnd(await h.service.run('big', 'stop', OPERATOR)));
    expect(summary).toMatchObject({ title: 'big stopped', tone: 'success' });
    expect(allStopped(h.world)).toBe(true);
    const updates = h.emulator.calls.list({ action: 'UpdateService' });
    expect(updates.filter((c) => c.error === 'ThrottlingException').length).toBeGreaterThanOrEqual(25);
    expect(updates.filter((c) => !c.error)).toHaveLength(SERVICES);
    expect((await h.service.status('big')).savedServices.size).toBe(SERVICES);
  });

  it('paces its own calls under the limit so AWS never has to throttle, and survives a throttle it did not expect', async () => {
    h = await startHarness({ config: CONFIG, seed });
    // Someone else spent part of the budget: AWS throttles a few calls anyway.
    h.emulator.faults.inject('ecs', 'UpdateService', { kind: 'throttle', times: 3 });
    const began = performance.now();
    const summary = lastOf(await runToEnd(await h.service.run('big', 'stop', OPERATOR)));
    const elapsed = performance.now() - began;
    expect(summary.tone).toBe('success');
    expect(allStopped(h.world)).toBe(true);
    const updates = h.emulator.calls.list({ action: 'UpdateService' });
    expect(updates.filter((c) => c.error === 'ThrottlingException')).toHaveLength(3);
    expect(updates.filter((c) => !c.error)).toHaveLength(SERVICES);
    // 45 at once, then 4.5 per second for the rest (18 with the retries): about 4 s.
    expect(elapsed).toBeGreaterThan(3_500);
  });
});
