import { randomBytes } from 'node:crypto';
import type { Clock } from './types.js';

/**
 * The `ticket` in the WebSocket URL apps.connections.open answers: unguessable, good for one
 * connection, and short-lived, so a URL that leaked into a log cannot be used to listen in.
 */
export class SocketTickets {
  private readonly tickets = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  issue(): string {
    this.sweep();
    const ticket = randomBytes(16).toString('hex');
    this.tickets.set(ticket, this.clock() + this.ttlMs);
    return ticket;
  }

  /** True once per issued, unexpired ticket. */
  redeem(ticket: string): boolean {
    const expiresAt = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return expiresAt !== undefined && expiresAt > this.clock();
  }

  /** Tickets nobody redeemed would otherwise pile up in a long sandbox session. */
  private sweep(): void {
    const now = this.clock();
    for (const [ticket, expiresAt] of this.tickets) if (expiresAt <= now) this.tickets.delete(ticket);
  }
}
