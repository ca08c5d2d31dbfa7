import { describe, expect, it } from 'vitest';
import { actorText } from '../../src/commands/render/render-actor.js';

describe('actorText', () => {
  it('names people as Slack mentions or terminal users', () => {
    expect(actorText({ kind: 'slack', id: 'U0ADA' })).toBe('<@U0ADA>');
    expect(actorText({ kind: 'terminal', id: 'ada@laptop' })).toBe('ada@laptop (terminal)');
  });

  it('says "the schedule" for a planned tick, and keeps a reason a person needs', () => {
    expect(actorText({ kind: 'schedule', id: 'schedule stop@2026-03-27T20:00:00.000Z' })).toBe(
      'the schedule',
    );
    expect(actorText({ kind: 'schedule', id: 'watch: running during off-hours (rds dev-db)' })).toBe(
      'the schedule (watch: running during off-hours (rds dev-db))',
    );
  });
});

describe('auditLine', () => {
  it('says "the schedule" once, and no doubled --yes', async () => {
    const { auditLine } = await import('../../src/commands/render/render-audit-entry.js');
    const line = auditLine({
      id: 'a1',
      at: '2026-12-01T12:00:00.000Z',
      actor: { id: 'schedule', kind: 'schedule', name: 'schedule start@2026-12-01T00:00:00.000Z' },
      command: 'start dev --yes',
      confirmation: 'flag',
      verb: 'start',
      environment: 'dev',
      frontDoor: 'schedule',
      outcome: 'ok',
      detail: 'dev started',
    });
    expect(line).toBe('✓ the schedule: `start dev --yes` — dev started');
  });
});

describe('usage lines', () => {
  it('shows a required word with one choice as the word itself, and choices as a|b', async () => {
    const { usageOf } = await import('../../src/commands/verb.js');
    const { incidentVerb } = await import('../../src/commands/verbs/incident.js');
    expect(usageOf(incidentVerb)).toMatch(/^incident timeline \[id\]/);
    expect(
      usageOf({
        name: 'mute',
        args: [{ name: 'for', description: '', required: true, choices: ['1h', 'until-ok'] }],
      }),
    ).toBe('mute <1h|until-ok>');
  });
});
