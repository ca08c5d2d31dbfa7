import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

/** A real pino logger writing JSON lines into memory, so tests can assert on what was logged. */
export function captureLogger(options: { secrets?: string[]; level?: string } = {}): {
  logger: Logger;
  lines: () => string[];
  text: () => string;
} {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const logger = createLogger({
    level: options.level ?? 'debug',
    secrets: options.secrets ?? [],
    destination,
  });
  const text = () => chunks.join('');
  return { logger, text, lines: () => text().split('\n').filter(Boolean) };
}
