import { describe, expect, it } from 'vitest';
import { messageToPlainText } from '../../src/commands/message.js';
import { renderPlan } from '../../src/commands/render/render-plan.js';
import { renderOverview, renderStatus } from '../../src/commands/render/render-status.js';
import { STOPPED_BOUNDS } from '../../src/environments/model.js';
import { planStart, planStop } from '../../src/environments/plan.js';
import { bounds, instance, inventory, saved, savedMap, status, svc } from './fixtures.js';

const NOW = new Date('2026-11-25T03:00:00.000Z'); // 12:00 JST

const stoppedDev = () =>
  status({
    inventory: inventory({
      services: [svc('dev', 'api', 0, { autoscaling: STOPPED_BOUNDS }), svc('dev', 'worker', 0)],
      instances: [
        instance('dev-db', 'stopped'),
        instance('dev-db-replica', 'available', { replicaSource: 'dev-db' }),
      ],
    }),
    savedServices: savedMap(saved('dev', 'api', 2, bounds(2, 6)), saved('dev', 'worker', 1)),
    savedDatabases: new Map([
      [
        'db-instance#dev-db',
        {
          kind: 'db-instance',
          id: 'dev-db',
          stoppedAt: '2026-11-25T02:00:00.000Z',
          stoppedBy: { kind: 'slack', id: 'U1' },
        },
      ],
    ]),
    record: {
      operation: 'stop',
      outcome: 'done',
      at: '2026-11-25T02:00:00.000Z',
      by: { kind: 'slack', id: 'U1' },
    },
  });

describe('renderStatus', () => {
  it('shows a stopped environment as the design does, with what start restores and a Start button', () => {
    const message = renderStatus(stoppedDev(), NOW);
    expect(message.title).toBe('dev · ap-northeast-1 · stopped since 11:00 GMT+9');
    expect(message.parts[0]).toEqual({
      type: 'list',
      items: [
        'ecs dev/api  0 / 0  (restores to 2, autoscaling 2–6)',
        'ecs dev/worker  0 / 0  (restores to 1)',
        'rds dev-db  stopped  (AWS restarts it by itself on Wed 2 Dec, 11:00 GMT+9)',
        'rds dev-db-replica  skipped: a read replica cannot be stopped',
      ],
    });
    expect(message.buttons).toEqual([{ label: 'Start now', command: 'start dev', style: 'primary' }]);
  });

  it('prefers the restart time AWS reports over the saved stop time', () => {
    const s = stoppedDev();
    s.inventory!.instances[0] = instance('dev-db', 'stopped', {
      autoRestartAt: new Date('2026-12-01T12:00:00.000Z'),
    });
    expect(messageToPlainText(renderStatus(s, NOW))).toContain(
      'AWS restarts it by itself on Tue 1 Dec, 21:00 GMT+9',
    );
  });

  it('shows a running environment with its autoscaling and a Stop button', () => {
    const message = renderStatus(
      status({
        inventory: inventory({
          services: [svc('dev', 'api', 2, { running: 1, autoscaling: bounds(2, 6) })],
          instances: [instance('dev-db', 'available')],
        }),
      }),
      NOW,
    );
    expect(message.title).toBe('dev · ap-northeast-1 · running');
    expect(message.parts[0]).toEqual({
      type: 'list',
      items: ['ecs dev/api  1 / 2  (starting, autoscaling 2–6)', 'rds dev-db  available'],
    });
    expect(message.buttons).toEqual([{ label: 'Stop now', command: 'stop dev', style: 'danger' }]);
  });

  it('offers both buttons when partly stopped, none when protected or busy', () => {
    const partly = status({
      inventory: inventory({ services: [svc('dev', 'api', 0), svc('dev', 'worker', 1)] }),
    });
    const message = renderStatus(partly, NOW);
    expect(message.title).toContain('partly stopped (1 of 2)');
    expect(message.buttons?.map((b) => b.command)).toEqual(['start dev', 'stop dev']);
    expect(renderStatus({ ...partly, protected: true }, NOW).buttons).toBeUndefined();
    const busy = renderStatus(
      {
        ...partly,
        operation: {
          operation: 'stop',
          by: { kind: 'slack', id: 'U9' },
          startedAt: '2026-11-25T02:58:00.000Z',
        },
      },
      NOW,
    );
    expect(busy.title).toBe('dev · ap-northeast-1 · being stopped by <@U9> (since 11:58 GMT+9)');
    expect(busy.buttons).toBeUndefined();
  });

  it('warns about a service autoscaling will bring back, and about unreadable resources', () => {
    const message = renderStatus(
      status({
        inventory: inventory({
          services: [svc('dev', 'api', 0, { autoscaling: bounds(2, 6) })],
          problems: [
            {
              label: 'ecs dev/ghost',
              kind: 'ecs',
              reason: { code: 'service-missing', cluster: 'dev', service: 'ghost' },
            },
          ],
        }),
      }),
      NOW,
    );
    expect(message.tone).toBe('warning');
    expect(messageToPlainText(message)).toContain('autoscaling will bring it back to 2');
    expect(messageToPlainText(message)).toContain('ecs dev/ghost  ⚠️ not found');
  });

  it('says how to configure an environment that names nothing', () => {
    const message = renderStatus(status({ configured: false }), NOW);
    expect(message.title).toBe('dev · ap-northeast-1 · nothing configured');
    expect(messageToPlainText(message)).toContain('under `environments.dev` in infrabot.yml');
  });
});

describe('renderOverview', () => {
  it('gives one line per environment, including ones it could not read', () => {
    const message = renderOverview(
      [
        stoppedDev(),
        {
          ...status({ name: 'prod', protected: true }),
          inventory: inventory({ services: [svc('prod', 'api', 3)] }),
        },
        { name: 'qa', failure: { code: 'access-denied', message: 'no', action: 'ecs:ListServices' } },
      ],
      NOW,
    );
    expect(message.parts[0]).toEqual({
      type: 'list',
      items: [
        '*dev* · ap-northeast-1 · stopped since 11:00 GMT+9 · 2 services, 2 databases',
        '*prod* · ap-northeast-1 · running · 1 service, 0 databases · protected',
        "*qa* · could not read: permission: AWS refused: infrabot's role may not ecs:ListServices. Add the permission to the role infrabot uses (infra/iam.tf) and retry",
      ],
    });
  });
});

describe('renderPlan', () => {
  it('lists changes, what is already there and what is skipped', () => {
    const plan = planStop(
      inventory({
        services: [svc('dev', 'api', 2, { autoscaling: bounds(2, 6) }), svc('dev', 'idle', 0)],
        instances: [instance('dev-db', 'available'), instance('r', 'available', { replicaSource: 'dev-db' })],
      }),
      new Map(),
    );
    const text = messageToPlainText(renderPlan(plan, 'Asia/Tokyo'));
    expect(text).toContain('Stop dev · ap-northeast-1 · 2 changes');
    expect(text).toContain('• ecs dev/api — 2 → 0 tasks; autoscaling 2–6 held at 0 until start');
    expect(text).toContain('• rds dev-db — stop');
    expect(text).toContain('*Already stopped*\n• ecs dev/idle — already stopped');
    expect(text).toContain('*Skipped*\n• rds r — a read replica cannot be stopped');
  });

  it('says when there is nothing to do, and when nothing was found', () => {
    const nothing = planStart(inventory({ services: [svc('dev', 'api', 2)] }), new Map());
    expect(renderPlan(nothing, 'UTC').title).toBe('dev is already running: nothing to do');
    const empty = planStop(inventory(), new Map());
    const message = renderPlan(empty, 'UTC');
    expect(message.title).toBe('dev · ap-northeast-1 · no resources found');
    expect(messageToPlainText(message)).toContain('select.tags');
  });

  it('mentions an operation already running', () => {
    const plan = planStop(inventory({ services: [svc('dev', 'api', 2)] }), new Map());
    const message = renderPlan(plan, 'UTC', {
      operation: 'start',
      by: { kind: 'slack', id: 'U2' },
      startedAt: '2026-11-25T02:58:00.000Z',
    });
    expect(messageToPlainText(message)).toContain(
      'dev is being started by <@U2> right now (since 02:58 UTC)',
    );
  });
});
