import type { Server } from 'node:http';
import type { EmulatorCore } from './core.js';

/**
 * What optional add-ons (Socket Mode) need from a running emulator, without widening its public
 * interface: the HTTP server to take WebSocket upgrades on, the core to plug hooks into, and a
 * way to be shut down by `close()` before the server is.
 */
export interface EmulatorInternals {
  server: Server;
  core: EmulatorCore;
  /** Runs before the HTTP server closes (open WebSockets would otherwise hold close() open). */
  onClose(hook: () => Promise<void>): void;
}

const registry = new WeakMap<object, EmulatorInternals>();

export function registerInternals(emulator: object, internals: EmulatorInternals): void {
  registry.set(emulator, internals);
}

export function internalsOf(emulator: object): EmulatorInternals {
  const internals = registry.get(emulator);
  if (!internals) throw new Error('not a Slack emulator started with startSlackEmulator');
  return internals;
}
