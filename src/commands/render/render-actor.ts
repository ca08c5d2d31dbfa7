import type { ActorRef } from '../../environments/model.js';

/** Who did it, as people read it: a Slack mention, or the terminal user. */
export function actorText(actor: ActorRef): string {
  switch (actor.kind) {
    case 'slack':
      return `<@${actor.id}>`;
    case 'terminal':
      return `${actor.id} (terminal)`;
    case 'schedule':
      return `the schedule (${actor.id})`;
    case 'system':
      return actor.id;
  }
}
