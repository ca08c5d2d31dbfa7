import { startSandbox } from './start-sandbox.js';

/**
 * The sandbox's own entry point (`npm start` without Slack credentials, `npm run sandbox`): the
 * product never imports it, and the production image does not contain it.
 */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const configAt = argv.findIndex((a) => a === '--config' || a === '-c');
  const configPath =
    configAt >= 0
      ? argv[configAt + 1]
      : argv.find((a) => a.startsWith('--config='))?.slice('--config='.length);
  // Listen before anything is printed: whoever reads "ready" may signal at once, and a signal with
  // no listener yet kills the process without stopping the emulators and the bot.
  const signalled = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  out.write('No Slack credentials (SLACK_BOT_TOKEN): starting the local sandbox.\n');
  const sandbox = await startSandbox({ env, ...(configPath ? { configPath } : {}) });
  out.write(`infrabot sandbox ready: ${sandbox.url}\n`);
  await signalled;
  await sandbox.stop();
  return 0;
}
