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
  out.write('No Slack credentials (SLACK_BOT_TOKEN): starting the local sandbox.\n');
  const sandbox = await startSandbox({ env, ...(configPath ? { configPath } : {}) });
  out.write(`infrabot sandbox ready: ${sandbox.url}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await sandbox.stop();
  return 0;
}
