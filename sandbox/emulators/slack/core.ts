import type { SocketModeHooks } from './app-dispatch.js';
import type { IdGenerator } from './ids.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ResponseUrlRegistry } from './response-urls.js';
import type { TriggerRegistry } from './triggers.js';
import type { ApiCallRecord, Clock, ResponseRecord } from './types.js';
import type { Workspace } from './workspace.js';

/** The emulator's shared state and services, handed to every route and method handler. */
export interface EmulatorCore {
  workspace: Workspace;
  ids: IdGenerator;
  clock: Clock;
  triggers: TriggerRegistry;
  responseUrls: ResponseUrlRegistry;
  rateLimiter: RateLimiter;
  botToken: string;
  /** The app-level token (`xapp-…`) that apps.connections.open accepts; unset: Socket Mode is off. */
  appToken?: string;
  /** Set by enableSocketMode (socket-mode-server.ts); absent, everything goes over HTTP. */
  socketMode?: SocketModeHooks;
  signingSecret: string;
  /** The legacy verification token Slack still puts in payloads (`token`). */
  verificationToken: string;
  scopes: string[];
  /** Base URL once the server listens, e.g. `http://127.0.0.1:41234`. */
  baseUrl(): string;
  appEventsUrl(): string | undefined;
  calls: ApiCallRecord[];
  responses: ResponseRecord[];
}

/** A mistake in how a test or the sandbox page drives the emulator (not a Slack error). */
export class EmulatorUsageError extends Error {
  override name = 'EmulatorUsageError';
}
