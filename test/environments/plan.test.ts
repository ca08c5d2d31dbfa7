import { describe, expect, it } from 'vitest';
import { notStoppableText, skipText } from '../../src/commands/render/render-plan-notes.js';
import { whyNotStoppable as ruleOf } from '../../src/environments/database-rules.js';
import { STOPPED_BOUNDS } from '../../src/environments/model.js';
import { hasChanges, planStart, planStop, restoreCount } from '../../src/environments/plan.js';
import { bounds, cluster, instance, inventory, saved, savedMap, svc } from './fixtures.js';

describe('planStop', () => {
  it('saves the running count and bounds, holds autoscaling at 0 and sets the service to 0', () => {
    const plan = planStop(
      inventory({ services: [svc('dev', 'api', 2, { autoscaling: bounds(2, 6) })] }),
      new Map(),
    );
    expect(plan.changes).toEqual([
      {
        kind: 'scale-down',
        service: expect.objectContaining({ service: 'api' }),
        save: { desiredCount: 2, autoscaling: bounds(2, 6), write: true },
        lowerScaling: true,
        setDesired: true,
      },
    ]);
  });

  it('treats a stopped service as nothing to do and keeps its saved count (a second stop)', () => {
    const plan = planStop(
      inventory({ services: [svc('dev', 'api', 0, { autoscaling: STOPPED_BOUNDS })] }),
      savedMap(saved('dev', 'api', 2, bounds(2, 6))),
    );
    expect(hasChanges(plan)).toBe(false);
    expect(plan.unchanged).toEqual([{ label: 'ecs dev/api', note: { code: 'already-stopped' } }]);
  });

  it('lowers autoscaling of a service at 0 whose minimum would bring it back, without saving 0', () => {
    const plan = planStop(
      inventory({ services: [svc('dev', 'api', 0, { autoscaling: bounds(2, 6) })] }),
      savedMap(saved('dev', 'api', 3, bounds(2, 6))),
    );
    expect(plan.changes[0]).toMatchObject({
      kind: 'scale-down',
      save: { desiredCount: 3, autoscaling: bounds(2, 6), write: false },
      lowerScaling: true,
      setDesired: false,
    });
  });

  it('finishes a half-done stop: keeps the saved bounds rather than the 0–0 hold', () => {
    const plan = planStop(
      inventory({ services: [svc('dev', 'api', 2, { autoscaling: STOPPED_BOUNDS })] }),
      savedMap(saved('dev', 'api', 2, bounds(2, 6))),
    );
    expect(plan.changes[0]).toMatchObject({
      save: { desiredCount: 2, autoscaling: bounds(2, 6), write: false },
      lowerScaling: false,
      setDesired: true,
    });
  });

  it('saves the new count of a service someone scaled up after the last stop', () => {
    const plan = planStop(
      inventory({ services: [svc('dev', 'worker', 3)] }),
      savedMap(saved('dev', 'worker', 1)),
    );
    expect(plan.changes[0]).toMatchObject({
      save: { desiredCount: 3, write: true },
      lowerScaling: false,
      setDesired: true,
    });
  });

  it('stops available databases, waits out busy ones and skips what AWS cannot stop, with the reason', () => {
    const plan = planStop(
      inventory({
        instances: [
          instance('dev-db', 'available', { replicas: ['dev-db-replica'] }),
          instance('dev-db-replica', 'available', { replicaSource: 'dev-db' }),
          instance('solo', 'available'),
          instance('busy', 'modifying'),
          instance('broken', 'failed'),
          instance('already', 'stopped'),
          instance('mssql', 'available', { engine: 'sqlserver-se', multiAz: true }),
          instance('aurora-1', 'available', { engine: 'aurora-postgresql', clusterId: 'aurora' }),
          instance('orphan-1', 'available', { engine: 'aurora-mysql', clusterId: 'not-listed' }),
        ],
        clusters: [
          cluster('aurora', 'available', { members: ['aurora-1'] }),
          cluster('v1', 'available', { engineMode: 'serverless' }),
        ],
      }),
      new Map(),
    );
    expect(plan.changes.map((c) => (c.kind === 'stop-db' ? [c.db.id, c.waitFrom] : c.kind))).toEqual([
      ['solo', undefined],
      ['busy', 'modifying'],
      ['aurora', undefined],
    ]);
    expect(plan.unchanged).toEqual([{ label: 'rds already', note: { code: 'already-stopped' } }]);
    // The plan gives reasons as data; the verbs word them (checked here through that wording).
    expect(Object.fromEntries(plan.skipped.map((s) => [s.label, skipText(s.reason, 'stop')]))).toEqual({
      'rds dev-db': 'it is the source of read replica dev-db-replica, so it cannot be stopped',
      'rds dev-db-replica': 'a read replica cannot be stopped',
      'rds broken': 'it is failed; only an available database can be stopped',
      'rds mssql': 'a SQL Server Multi-AZ instance cannot be stopped',
      'rds orphan-1': 'an Aurora instance is stopped with its cluster: stop not-listed instead',
      'rds v1 (cluster)': 'Aurora Serverless v1 cannot be stopped',
    });
  });

  it('puts services before databases and passes problems through', () => {
    const ghost = { label: 'rds ghost', kind: 'rds' as const, reason: { code: 'database-missing' as const } };
    const plan = planStop(
      inventory({
        services: [svc('dev', 'api', 1)],
        instances: [instance('dev-db', 'available')],
        problems: [ghost],
      }),
      new Map(),
    );
    expect(plan.changes.map((c) => c.kind)).toEqual(['scale-down', 'stop-db']);
    expect(plan.problems).toEqual([ghost]);
  });

  it('never plans to stop a database while a service of the environment could not be read', () => {
    const failure = { code: 'throttled' as const, message: 'Rate exceeded' };
    for (const kind of ['ecs', 'tagged'] as const) {
      const plan = planStop(
        inventory({
          services: [svc('dev', 'api', 1)],
          instances: [instance('dev-db', 'available')],
          problems: [{ label: 'ecs dev/worker', kind, reason: { code: 'aws', failure } }],
        }),
        new Map(),
      );
      expect(plan.changes.map((c) => c.kind)).toEqual(['scale-down']);
      expect(plan.skipped).toEqual([{ label: 'rds dev-db', reason: { code: 'services-unread' } }]);
      expect(skipText(plan.skipped[0]!.reason, 'stop')).toContain(
        'a database is never stopped while a service',
      );
    }
  });
});

describe('whyNotStoppable', () => {
  it('names every configuration AWS refuses to stop', () => {
    const whyNotStoppable = (db: Parameters<typeof ruleOf>[0]) => {
      const rule = ruleOf(db);
      return rule && notStoppableText(rule);
    };
    expect(ruleOf(cluster('g', 'available', { globalClusterId: 'global-1' }))).toEqual({
      code: 'global-database',
      global: 'global-1',
    });
    expect(whyNotStoppable(cluster('g', 'available', { globalClusterId: 'global-1' }))).toContain(
      'global database global-1',
    );
    expect(
      whyNotStoppable(cluster('x', 'available', { replicas: ['arn:aws:rds:us-east-1:1:cluster:x2'] })),
    ).toContain('cross-Region');
    expect(whyNotStoppable(cluster('r', 'available', { replicationSource: 'arn:…' }))).toContain(
      'read replica cluster',
    );
    expect(
      whyNotStoppable(cluster('m', 'available', { engine: 'postgres', multiAzDbCluster: true })),
    ).toContain('Multi-AZ DB cluster');
    expect(whyNotStoppable(instance('m-1', 'available', { clusterId: 'm' }))).toContain(
      'Multi-AZ DB cluster m',
    );
    expect(whyNotStoppable(instance('plain', 'available'))).toBeUndefined();
    expect(whyNotStoppable(cluster('plain', 'available'))).toBeUndefined();
  });
});

describe('planStart', () => {
  it('starts databases first, then restores bounds and counts of saved services', () => {
    const plan = planStart(
      inventory({
        services: [svc('dev', 'api', 0, { autoscaling: STOPPED_BOUNDS }), svc('dev', 'worker', 0)],
        instances: [
          instance('dev-db', 'stopped'),
          instance('other', 'stopping'),
          instance('third', 'starting'),
        ],
      }),
      savedMap(saved('dev', 'api', 2, bounds(2, 6)), saved('dev', 'worker', 1)),
    );
    expect(
      plan.changes.map((c) =>
        c.kind === 'start-db' ? `${c.db.id}:${c.mode}` : `${c.service.service}:${c.target}`,
      ),
    ).toEqual(['dev-db:start', 'other:after-stop', 'third:wait', 'api:2', 'worker:1']);
    expect(plan.changes[3]).toMatchObject({ restoreScaling: true, setDesired: true });
    expect(plan.changes[4]).toMatchObject({ restoreScaling: false, setDesired: true });
  });

  it('leaves running services alone and skips stopped ones it has no count for', () => {
    const plan = planStart(
      inventory({
        services: [svc('dev', 'api', 2), svc('dev', 'batch', 0)],
        instances: [instance('dev-db', 'available')],
      }),
      new Map(),
    );
    expect(hasChanges(plan)).toBe(false);
    expect(plan.unchanged).toEqual([
      { label: 'rds dev-db', note: { code: 'already-available' } },
      { label: 'ecs dev/api', note: { code: 'already-running', running: 2, desired: 2 } },
    ]);
    expect(plan.skipped[0]).toEqual({ label: 'ecs dev/batch', reason: { code: 'no-saved-count' } });
    expect(skipText(plan.skipped[0]!.reason, 'start')).toContain('no saved desired count');
  });

  it('counts a started service as nothing to do even if its saved record is still there', () => {
    const plan = planStart(
      inventory({ services: [svc('dev', 'api', 2, { autoscaling: bounds(2, 6) })] }),
      savedMap(saved('dev', 'api', 2, bounds(2, 6))),
    );
    expect(hasChanges(plan)).toBe(false);
  });
});

describe('restoreCount', () => {
  it('is the saved count, kept inside the saved autoscaling bounds', () => {
    expect(restoreCount({ desiredCount: 2 })).toBe(2);
    expect(restoreCount({ desiredCount: 1, autoscaling: bounds(2, 6) })).toBe(2);
    expect(restoreCount({ desiredCount: 9, autoscaling: bounds(2, 6) })).toBe(6);
    expect(restoreCount({ desiredCount: 0, autoscaling: bounds(0, 4) })).toBe(0);
  });
});
