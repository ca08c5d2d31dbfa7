import type { ActorRef } from '../../environments/model.js';

/** Who did it, as people read it: a Slack mention, or the terminal user. */
export function actorText(actor: ActorRef): string {
  switch (actor.kind) {
    case 'slack':
      return `<@${actor.id}>`;
    case 'terminal':
      return `${actor.id} (terminal)`;
    case 'schedule':
      return scheduleText(actor.id);
    case 'system':
      return actor.id;
  }
}

/**
 * The schedule's id is the reason it acted (stored as data): `schedule stop@<ISO time>` for a
 * planned tick says nothing a person needs beyond "the schedule"; other reasons (a watchfulness
 * check, a catch-up, a resumed run) are worth showing.
 */
function scheduleText(reason: string): string {
  if (/^schedule (stop|start)@\S+$/.test(reason)) return 'the schedule';
  return `the schedule (${reason})`;
}
