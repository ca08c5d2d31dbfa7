import { badCredentials } from './errors.js';
import type { Actor } from './repo-store.js';

/**
 * Token authentication. GitHub accepts `Authorization: token X` and `Authorization: Bearer X`
 * (scheme case-insensitive); anything else, or a token it doesn't know, is a 401.
 */

export class TokenRegistry {
  private readonly tokens = new Map<string, Actor>();

  add(token: string, actor: Actor): void {
    this.tokens.set(token, actor);
  }

  authenticate(authorization: string | undefined): Actor {
    const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '');
    const actor = match ? this.tokens.get(match[1]!) : undefined;
    if (!actor) throw badCredentials();
    return actor;
  }
}
