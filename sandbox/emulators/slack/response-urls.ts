import type { IdGenerator } from './ids.js';
import type { Clock } from './types.js';

/**
 * response_url bookkeeping. Slack lets an app use each response_url up to 5 times within
 * 30 minutes; after that it answers 404 with `used_url` or `expired_url`.
 */

export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

/** Where a response lands: the interaction that produced the URL. */
export interface ResponseUrlContext {
  source: 'slash_command' | 'block_actions' | 'view_submission';
  channel: string;
  user: string;
  /** The message whose button was clicked (replace_original / delete_original act on it). */
  messageTs?: string;
  /** True when that message is an ephemeral one (only its user sees it). */
  messageIsEphemeral?: boolean;
  /** Thread of the clicked message, so in_channel answers stay in the thread. */
  threadTs?: string;
}

interface Entry {
  context: ResponseUrlContext;
  createdAt: number;
  uses: number;
}

export type ResponseUrlLookup =
  | { ok: true; context: ResponseUrlContext }
  | { ok: false; status: 404; error: 'used_url' | 'expired_url' | 'no_service' };

export class ResponseUrlRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly baseUrl: () => string,
  ) {}

  create(context: ResponseUrlContext): { id: string; url: string } {
    const id = this.ids.secret(16);
    this.entries.set(id, { context, createdAt: this.clock(), uses: 0 });
    return { id, url: `${this.baseUrl()}/response/${id}` };
  }

  /** Checks that the URL may be used now, without using it (a rejected body costs no use). */
  check(id: string): ResponseUrlLookup {
    const entry = this.entries.get(id);
    if (!entry) return { ok: false, status: 404, error: 'no_service' };
    if (this.clock() - entry.createdAt > RESPONSE_URL_TTL_MS)
      return { ok: false, status: 404, error: 'expired_url' };
    if (entry.uses >= RESPONSE_URL_MAX_USES) return { ok: false, status: 404, error: 'used_url' };
    return { ok: true, context: entry.context };
  }

  use(id: string): void {
    const entry = this.entries.get(id);
    if (entry) entry.uses += 1;
  }
}
