import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src/commands/context.js';
import { messageToPlainText } from '../../src/commands/message.js';
import { runCommand } from '../../src/commands/run-command.js';
import { buildServices } from '../../src/services.js';
import { type Harness, lastOf, startHarness } from '../environments/support/harness.js';
import { captureLogger } from '../support/capture-logger.js';

const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-db] }
  empty:
    region: ap-northeast-1
  prod:
    region: ap-northeast-1
    protected: true
    ecs: [{ cluster: prod }]
access:
  operators: [U0OPERATOR]
  admins: [U0ADMIN]
`;

let h: Harness;
let services: Services;

beforeEach(async () => {
  h = await startHarness({
    config: CONFIG,
    seed: (world) => {
      world.addEcsCluster({ name: 'dev' });
      world.addEcsService({ cluster: 'dev', name: 'api', desiredCount: 2 });
      world.addEcsService({ cluster: 'dev', name: 'worker', desiredCount: 1 });
      world.addScalableTarget({ cluster: 'dev', service: 'api', minCapacity: 2, maxCapacity: 6 });
      world.addDbInstance({ id: 'dev-db', engine: 'postgres' });
      world.addEcsCluster({ name: 'prod' });
      world.addEcsService({ cluster: 'prod', name: 'api', desiredCount: 3 });
    },
  });
  const built = buildServices({
    config: h.config,
    store: h.store,
    logger: captureLogger().logger,
    region: 'ap-northeast-1',
    aws: h.aws,
  });
  // The harness's service polls fast against the emulator's compressed clock.
  services = { ...built, environments: h.service };
});
afterEach(async () => h.close());

const operator = {
  actor: { kind: 'slack' as const, userId: 'U0OPERATOR' },
  channelId: 'C0INFRA',
  frontDoor: 'slack' as const,
};
const viewer = {
  actor: { kind: 'slack' as const, userId: 'U0VIEWER' },
  channelId: 'C0INFRA',
  frontDoor: 'slack' as const,
};
const run = (line: string, who = operator) => runCommand(line, { ...who, services });

describe('status, stop and start as commands', () => {
  it('stop asks first, showing the plan; nothing changes until the yes', async () => {
    const result = await run('stop dev');
    expect(result.outcome).toBe('confirm');
    expect(result.message.title).toBe('Stop dev · ap-northeast-1 · 3 changes');
    expect(messageToPlainText(result.message)).toContain(
      'ecs dev/api — 2 → 0 tasks; autoscaling 2–6 held at 0 until start',
    );
    expect(result.message.buttons?.[0]).toMatchObject({ label: 'Yes, go ahead', command: 'stop dev --yes' });
    expect(h.world.ecsService('dev', 'api')?.desiredCount).toBe(2);
    expect(h.emulator.calls.count({ action: 'UpdateService' })).toBe(0);
  });

  it('stop --yes runs in the channel with progress and is audited once, when it ends', async () => {
    const result = await run('stop dev --yes');
    expect(result).toMatchObject({ outcome: 'ok', visibility: 'channel' });
    expect(result.message.title).toBe('Stopping dev · 0/3 · asked by <@U0OPERATOR>');
    const steps = [];
    for await (const step of result.progress!) steps.push(step);
    expect(lastOf(steps)).toMatchObject({ title: 'dev stopped', tone: 'success' });
    expect(h.world.dbInstance('dev-db')?.status).toBe('stopped');
    const audit = await services.audit.recent(5);
    expect(audit.map((e) => [e.verb, e.command, e.confirmation, e.outcome, e.detail])).toEqual([
      ['stop', 'stop dev --yes', 'flag', 'ok', 'dev stopped'],
    ]);
    expect(await result.completion).toEqual({ outcome: 'ok', detail: 'dev stopped', kind: 'ok' });

    const status = await run('status dev', viewer);
    expect(status.outcome).toBe('ok');
    expect(status.message.title).toMatch(/^dev · ap-northeast-1 · stopped since/);
    expect(status.message.buttons).toEqual([{ label: 'Start now', command: 'start dev', style: 'primary' }]);

    // The button is just the command line: clicking it asks for the confirmation again.
    const click = await run(status.message.buttons![0]!.command);
    expect(click.outcome).toBe('confirm');
    expect(click.message.title).toBe('Start dev · ap-northeast-1 · 3 changes');
  });

  it('--dry-run shows the plan and changes nothing', async () => {
    const result = await run('start dev --dry-run');
    expect(result.outcome).toBe('ok');
    expect(result.message.title).toBe('dev is already running: nothing to do');
    expect(h.emulator.calls.count({ action: 'StartDBInstance' })).toBe(0);
  });

  it('status without an environment gives a line per environment', async () => {
    const result = await run('status', viewer);
    expect(result.message.parts[0]).toEqual({
      type: 'list',
      items: [
        '*dev* · ap-northeast-1 · running · 2 services, 1 database',
        '*empty* · ap-northeast-1 · nothing configured',
        '*prod* · ap-northeast-1 · running · 1 service, 0 databases · protected',
      ],
    });
  });

  it('roles, protected environments and empty ones are refused with the reason', async () => {
    const denied = await run('stop dev', viewer);
    expect(denied.outcome).toBe('denied');
    expect(messageToPlainText(denied.message)).toContain('needs the operator role');
    const prod = await runCommand('stop prod --yes', {
      actor: { kind: 'slack', userId: 'U0ADMIN' },
      channelId: 'C0INFRA',
      frontDoor: 'slack',
      services,
    });
    expect(prod.outcome).toBe('denied');
    expect(messageToPlainText(prod.message)).toContain('prod is protected');
    expect(h.world.ecsService('prod', 'api')?.desiredCount).toBe(3);
    const empty = await run('start empty --yes');
    expect(empty.outcome).toBe('error');
    expect(messageToPlainText(empty.message)).toContain('empty names no resources');
    const typo = await run('stop deb');
    expect(messageToPlainText(typo.message)).toContain('Did you mean `dev`?');
  });

  it('says how to set up AWS access when there is none', async () => {
    const { environments: _none, ...withoutAws } = services;
    const result = await runCommand('status dev', { ...viewer, services: withoutAws });
    expect(result.outcome).toBe('error');
    expect(messageToPlainText(result.message)).toContain('no AWS access configured');
  });
});
