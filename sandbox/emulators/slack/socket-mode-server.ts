import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import {
  type AppEnvelope,
  type AppResponse,
  type EnvelopeType,
  failed,
  parseAnswer,
  type SocketModeHooks,
} from './app-dispatch.js';
import type { EmulatorCore } from './core.js';
import { internalsOf } from './emulator-internals.js';
import type { SlackEmulator } from './index.js';
import { SocketTickets } from './socket-tickets.js';

/**
 * Slack's Socket Mode, server side (docs.slack.dev/apis/events-api/using-socket-mode):
 *
 *   1. the app calls apps.connections.open with its app-level token → a single-use `wss` URL;
 *   2. it connects; Slack says `{type:'hello', num_connections, debug_info, connection_info}`;
 *   3. each request Slack would have POSTed arrives as an envelope
 *      `{envelope_id, type: slash_commands|interactive|events_api, payload, accepts_response_payload}`
 *      (events also carry `retry_attempt`, `retry_reason`), and the app answers
 *      `{envelope_id, payload?}` within 3 seconds;
 *   4. Slack pings, and recycles connections with `{type:'disconnect', reason}`
 *      (`warning`, `refresh_requested`, `link_disabled`); the app reconnects from step 1.
 *
 * Lives outside index.ts's imports on purpose: it needs `ws`, a devDependency that production
 * images omit, and only tests use Socket Mode. `enableSocketMode(emulator)` plugs it in.
 */

export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

export interface SocketModeOptions {
  /** How often the emulator pings each connection; one that misses a pong by the next ping is dropped. 0 disables. Default 10 s. */
  pingIntervalMs?: number;
  /** How long a URL from apps.connections.open can be used. Default 30 s. */
  ticketTtlMs?: number;
  /** After a `disconnect` message, how long the app gets to close before the emulator drops the connection. Default 5 s. */
  closeGraceMs?: number;
}

/** One envelope sent to the app, and what became of it. */
export interface EnvelopeRecord {
  envelopeId: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  connectionId: number;
  sentAt: number;
  outcome: 'pending' | 'acked' | 'timed_out' | 'connection_lost';
  /** The ack's `payload` (absent when the app sent none). */
  ackPayload?: unknown;
  ackedAt?: number;
  /** An ack that came after Slack had given up: Slack ignores it. */
  lateAck?: boolean;
}

/** How one connection ended: the WebSocket close code (1000/1005: closed by the app with a close frame; 1006: dropped). */
export interface ConnectionClose {
  connectionId: number;
  code: number;
  /** performance.now() when the emulator saw it close. */
  at: number;
}

export interface SocketModeServer {
  /** Connections open now (after `hello`). */
  readonly connectionCount: number;
  /** Connections ever accepted; each reconnect adds one. */
  readonly connectionsOpened: number;
  /** Every envelope sent, in order (live array). */
  readonly envelopes: EnvelopeRecord[];
  /** Every connection that ended, in order (live array). */
  readonly closes: ConnectionClose[];
  /** Resolves at the next accepted connection (after its `hello`). */
  nextConnection(timeoutMs?: number): Promise<void>;
  /** Resolves once at least one connection is open (immediately if one is). */
  waitForConnection(timeoutMs?: number): Promise<void>;
  /** Slack recycling connections: sends `disconnect` with `reason` to each, resolves when all are closed. */
  disconnectAll(reason: DisconnectReason): Promise<void>;
  /**
   * A network that silently stops delivering: the emulator no longer reads what the app sends on
   * the open connections (acks, pongs, close frames) and keeps the TCP connections open, as a
   * black-holed route does. The app's side only notices through its own timeouts.
   */
  blackhole(): void;
  /** Drops every connection and stops accepting new ones (emulator.close() calls it too). */
  close(): Promise<void>;
}

/** Larger than any ack infrabot sends (a 50-block message is well under 1 MiB). */
const MAX_FRAME_BYTES = 4 * 1024 * 1024;

interface Connection {
  id: number;
  ws: WebSocket;
  /** The TCP socket under it (paused by blackhole()). */
  socket: Duplex;
  host: string;
  alive: boolean;
}

interface Pending {
  record: EnvelopeRecord;
  started: number;
  timer: NodeJS.Timeout;
  settle(response: AppResponse): void;
}

export function enableSocketMode(emulator: SlackEmulator, options: SocketModeOptions = {}): SocketModeServer {
  const { server, core, onClose } = internalsOf(emulator);
  if (!core.appToken) throw new Error('enableSocketMode needs an emulator started with appToken');
  if (core.socketMode) throw new Error('Socket Mode is already enabled on this emulator');
  const hub = new SocketHub(core, options);
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => hub.upgrade(req, socket, head);
  server.on('upgrade', onUpgrade);
  core.socketMode = hub.hooks;
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      server.off('upgrade', onUpgrade);
      if (core.socketMode === hub.hooks) delete core.socketMode;
      await hub.close();
    })();
    return closed;
  };
  onClose(close);
  return {
    get connectionCount() {
      return hub.connections.size;
    },
    get connectionsOpened() {
      return hub.opened;
    },
    envelopes: hub.envelopes,
    closes: hub.closes,
    nextConnection: (timeoutMs = 10_000) => hub.nextConnection(timeoutMs),
    waitForConnection: (timeoutMs = 10_000) =>
      hub.connections.size > 0 ? Promise.resolve() : hub.nextConnection(timeoutMs),
    disconnectAll: (reason) => hub.disconnectAll(reason),
    blackhole: () => hub.blackhole(),
    close,
  };
}

class SocketHub {
  readonly connections = new Map<number, Connection>();
  readonly closes: ConnectionClose[] = [];
  readonly envelopes: EnvelopeRecord[] = [];
  opened = 0;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  private readonly tickets: SocketTickets;
  private readonly pending = new Map<string, Pending>();
  private readonly connectionWaiters = new Set<() => void>();
  private readonly pingTimer: NodeJS.Timeout | undefined;
  private readonly closeGraceMs: number;
  /** Deliveries take turns over the open connections, as Slack spreads envelopes across them. */
  private turn = 0;
  private closing = false;

  readonly hooks: SocketModeHooks = {
    isConnected: () => this.open().length > 0,
    issueConnectionUrl: () => this.connectionUrl(),
    deliver: (envelope, timeoutMs) => this.deliver(envelope, timeoutMs),
  };

  constructor(
    private readonly core: EmulatorCore,
    options: SocketModeOptions,
  ) {
    this.tickets = new SocketTickets(core.clock, options.ticketTtlMs ?? 30_000);
    this.closeGraceMs = options.closeGraceMs ?? 5_000;
    const pingIntervalMs = options.pingIntervalMs ?? 10_000;
    if (pingIntervalMs > 0) {
      this.pingTimer = setInterval(() => this.heartbeat(), pingIntervalMs);
      this.pingTimer.unref();
    }
  }

  private connectionUrl(): string {
    const base = this.core.baseUrl().replace(/^http/, 'ws');
    const appId = encodeURIComponent(this.core.workspace.bot.appId);
    return `${base}/link/?ticket=${this.tickets.issue()}&app_id=${appId}`;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A reset during the handshake must not surface as an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    const refusal = this.refusal(req);
    if (refusal) refuse(socket, refusal.status, refusal.error);
    else this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, socket));
  }

  /** Why a WebSocket handshake is turned away: wrong path, closing down, or a bad ticket. */
  private refusal(req: IncomingMessage): { status: number; error: string } | undefined {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    if (url.pathname !== '/link/' && url.pathname !== '/link') return { status: 404, error: 'not_found' };
    if (this.closing) return { status: 503, error: 'service_unavailable' };
    const ticket = url.searchParams.get('ticket');
    if (!ticket || !this.tickets.redeem(ticket)) return { status: 401, error: 'invalid_ticket' };
    return undefined;
  }

  private accept(ws: WebSocket, socket: Duplex): void {
    this.opened += 1;
    const connection: Connection = {
      id: this.opened,
      ws,
      socket,
      host: `applink-emulator-${this.opened}`,
      alive: true,
    };
    this.connections.set(connection.id, connection);
    ws.on('pong', () => {
      connection.alive = true;
    });
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('error', () => ws.terminate());
    ws.on('close', (code: number) => {
      this.closes.push({ connectionId: connection.id, code, at: performance.now() });
      this.dropped(connection);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections.size,
        debug_info: { host: connection.host, build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.core.workspace.bot.appId },
      }),
    );
    for (const wake of [...this.connectionWaiters]) wake();
  }

  /** An ack (`{envelope_id, payload?}`); anything else from the app is ignored, as Slack ignores it. */
  private receive(data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    const message = parseAnswer(rawText(data));
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return;
    const { envelope_id: envelopeId, payload } = message as { envelope_id?: unknown; payload?: unknown };
    if (typeof envelopeId !== 'string') return;
    const pending = this.pending.get(envelopeId);
    if (!pending) {
      const record = this.envelopes.find((r) => r.envelopeId === envelopeId);
      if (record && record.outcome !== 'acked') record.lateAck = true;
      return;
    }
    const text = isEmptyPayload(payload) ? '' : JSON.stringify(payload);
    pending.record.outcome = 'acked';
    pending.record.ackedAt = this.core.clock();
    if (payload !== undefined) pending.record.ackPayload = payload;
    pending.settle({
      status: 200,
      body: text,
      json: parseAnswer(text),
      timedOut: false,
      elapsedMs: Math.round(performance.now() - pending.started),
      transport: 'socket',
    });
  }

  private deliver(envelope: AppEnvelope, timeoutMs: number): Promise<AppResponse> {
    const open = this.open();
    const connection = open[this.turn++ % Math.max(1, open.length)];
    if (!connection) return Promise.resolve(failed('dispatch_failed', 0, 'socket'));
    const envelopeId = randomUUID();
    const message: Record<string, unknown> = {
      envelope_id: envelopeId,
      payload: envelope.payload,
      type: envelope.type,
      accepts_response_payload: envelope.acceptsResponsePayload,
    };
    if (envelope.type === 'events_api') {
      message.retry_attempt = envelope.retry?.attempt ?? 0;
      message.retry_reason = envelope.retry?.reason ?? '';
    }
    const record: EnvelopeRecord = {
      envelopeId,
      type: envelope.type,
      payload: envelope.payload,
      connectionId: connection.id,
      sentAt: this.core.clock(),
      outcome: 'pending',
    };
    this.envelopes.push(record);
    const started = performance.now();
    return new Promise<AppResponse>((resolve) => {
      const timer = setTimeout(() => {
        record.outcome = 'timed_out';
        settle(failed('operation_timeout', Math.round(performance.now() - started), 'socket', true));
      }, timeoutMs);
      const settle = (response: AppResponse) => {
        clearTimeout(timer);
        this.pending.delete(envelopeId);
        resolve(response);
      };
      this.pending.set(envelopeId, { record, started, timer, settle });
      connection.ws.send(JSON.stringify(message));
    });
  }

  /** Connections that can take an envelope (not ones already closing after a `disconnect`). */
  private open(): Connection[] {
    return [...this.connections.values()].filter(({ ws }) => ws.readyState === ws.OPEN);
  }

  private dropped(connection: Connection): void {
    this.connections.delete(connection.id);
    for (const pending of [...this.pending.values()]) {
      if (pending.record.connectionId !== connection.id) continue;
      pending.record.outcome = 'connection_lost';
      pending.settle(failed('dispatch_failed', Math.round(performance.now() - pending.started), 'socket'));
    }
  }

  private heartbeat(): void {
    for (const connection of this.connections.values()) {
      // No pong since the last ping: the app is gone without a close frame (Slack drops it too).
      if (!connection.alive) {
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      if (connection.ws.readyState === connection.ws.OPEN) connection.ws.ping();
    }
  }

  nextConnection(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        this.connectionWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(() => {
        this.connectionWaiters.delete(wake);
        reject(new Error(`no Socket Mode connection within ${timeoutMs} ms`));
      }, timeoutMs);
      this.connectionWaiters.add(wake);
    });
  }

  blackhole(): void {
    for (const connection of this.connections.values()) connection.socket.pause();
  }

  async disconnectAll(reason: DisconnectReason): Promise<void> {
    await Promise.all(
      [...this.connections.values()].map((connection) => {
        connection.ws.send(
          JSON.stringify({ type: 'disconnect', reason, debug_info: { host: connection.host } }),
        );
        return this.closedWithin(connection, this.closeGraceMs);
      }),
    );
  }

  /** Waits for the app to close the connection; past `graceMs` drops it. */
  private closedWithin(connection: Connection, graceMs: number): Promise<void> {
    const { ws } = connection;
    if (ws.readyState === ws.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => ws.terminate(), graceMs);
      ws.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.pingTimer) clearInterval(this.pingTimer);
    const open = [...this.connections.values()];
    for (const { ws } of open) ws.close(1001, 'emulator closing');
    // A client that does not answer the close frame quickly is cut off.
    await Promise.all(open.map((connection) => this.closedWithin(connection, 500)));
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function refuse(socket: Duplex, status: number, error: string): void {
  const body = JSON.stringify({ ok: false, error });
  const reason = { 401: 'Unauthorized', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** `ack()` with nothing sends `payload: {}`: the same as an empty HTTP 200 body. */
function isEmptyPayload(payload: unknown): boolean {
  return (
    payload === undefined ||
    payload === null ||
    (typeof payload === 'object' && !Array.isArray(payload) && Object.keys(payload).length === 0)
  );
}
