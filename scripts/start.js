#!/usr/bin/env node
// `npm start`: the bot when SLACK_BOT_TOKEN is set, else the local sandbox, a separate program
// (dist/sandbox/) that the product never imports. `npm start -- --sandbox` forces the sandbox.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const forced = args.includes('--sandbox');
const rest = args.filter((a) => a !== '--sandbox');
const hasToken = (process.env.SLACK_BOT_TOKEN ?? '').trim() !== '';
// A deployed bot whose secret lost its token must fail loudly (infrabot serve says why), not run a demo.
const sandbox = forced || (!hasToken && process.env.NODE_ENV !== 'production');

// Same as bin/infrabot.js: the SDK's Node-version notice is for releases the lock file does not install.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const entry = new URL(sandbox ? '../dist/sandbox/main.js' : '../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('infrabot is not built yet: run `npm run build`.');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = sandbox ? await main(rest, process.env) : await main(['serve', ...rest]);
