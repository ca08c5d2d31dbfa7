#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm install` and `npm start`).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Node 22.1+ can cache compiled code between starts (most of start-up is loading Bolt and friends);
// on Node 20 this is simply absent. /tmp is the one writable place in the production container.
try {
  module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'infrabot-compile-cache'));
} catch {
  // A cache we can't write is only a slower start.
}

// The AWS SDK warns on every start under Node < 22 about SDK releases after January 2027, which
// the lock file does not install; README.md ("Node version") says which Node to run and why.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('infrabot is not built yet: run `npm run build` (npm install does it for you).');
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Ctrl-C'd (130): the lease is released and the summary printed; don't wait for AWS calls in flight.
if (code === 130) process.exit(code);
