import { describe, expect, it } from 'vitest';
import { seedDemoWorld } from '../../../sandbox/emulators/aws/seed-demo-world.js';
import { emulatorPerTest } from './support.js';

// Unseeded: the test seeds the world itself, since seeding is what it checks.
const setup = emulatorPerTest({}, { seed: false });

describe('seedDemoWorld', () => {
  it('builds the dev and staging environments the sandbox demonstrates', async () => {
    const { emu } = await setup();
    seedDemoWorld(emu.world);
    const { world } = emu;
    expect(
      world
        .ecsServices()
        .map((s) => [s.cluster, s.name, s.desiredCount, s.runningCount, s.tags['Environment']]),
    ).toEqual([
      ['dev', 'api', 2, 2, 'dev'],
      ['dev', 'worker', 1, 1, 'dev'],
      ['staging', 'api', 1, 1, 'staging'],
      ['staging', 'worker', 1, 1, 'staging'],
    ]);
    expect(world.scalableTarget('dev', 'api')).toMatchObject({ minCapacity: 2, maxCapacity: 6 });
    // The demo dev has a database that can be stopped, and the read-replica case on another one.
    expect(world.dbInstance('dev-db')?.replicaSourceId).toBeUndefined();
    expect(world.dbInstance('dev-reports-replica')?.replicaSourceId).toBe('dev-reports');
    expect(world.dbCluster('staging-aurora')?.members).toEqual([
      { instanceId: 'staging-aurora-1', writer: true },
    ]);
    expect(world.alarmList().every((a) => a.description?.includes('Runbook: https://'))).toBe(true);
    const alarms = world.queue('infrabot-alarms');
    expect(JSON.parse(alarms!.attributes['RedrivePolicy']!)).toEqual({
      deadLetterTargetArn: world.queue('infrabot-alarms-dlq')!.arn,
      maxReceiveCount: 5,
    });
  });
});
