import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** Bolt's logger interface over pino, so Bolt's own lines are structured and redacted too. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  // Bolt logs a debug line per request with whole payloads: format only what will be written.
  const emit = (method: 'debug' | 'info' | 'warn' | 'error', args: unknown[]) => {
    if (!child.isLevelEnabled(method)) return;
    child[method](args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  };
  return {
    debug: (...args) => emit('debug', args),
    info: (...args) => emit('info', args),
    warn: (...args) => emit('warn', args),
    error: (...args) => emit('error', args),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
