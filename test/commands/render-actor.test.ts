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
