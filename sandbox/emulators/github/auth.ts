import { badCredentials } from './errors.js';
import type { Actor } from './repo-store.js';

/**
 * Token authentication. GitHub accepts `Authorization: token X` and `Authorization: Bearer X`
 * (scheme case-insensitive); anything else, a token it doesn't know, or an installation token
 * past its `expires_at` is a 401.
 */

export interface TokenRecord {
  actor: Actor;
  /** Read-only tokens (an installation without `contents: write`) get 403 on every write. */
  readOnly?: boolean;
  /** Epoch ms after which the token is refused (installation tokens live one hour). */
  expiresAt?: number;
}

export class TokenRegistry {
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  add(token: string, actor: Actor, options: Omit<TokenRecord, 'actor'> = {}): void {
    this.tokens.set(token, { actor, ...options });
  }

  /** The raw bearer credential, or undefined when the header has no usable scheme. */
  static credential(authorization: string | undefined): string | undefined {
    return /^(?:token|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  }

  authenticate(authorization: string | undefined): TokenRecord {
    const credential = TokenRegistry.credential(authorization);
    const record = credential ? this.tokens.get(credential) : undefined;
    if (!record) throw badCredentials();
    if (record.expiresAt !== undefined && this.now().getTime() >= record.expiresAt) throw badCredentials();
    return record;
  }
}
