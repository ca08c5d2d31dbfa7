import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** `npm start` (scripts/start.js): the sandbox without Slack credentials, the bot with them. */
const START = fileURLToPath(new URL('../../scripts/start.js', import.meta.url));

function start(env: NodeJS.ProcessEnv, untilLine?: RegExp) {
  const child = spawn(process.execPath, [START], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    env: { PATH: process.env.PATH, INFRABOT_STORE: 'memory', SANDBOX_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (untilLine?.test(stdout)) child.kill('SIGTERM');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm start', () => {
  it('starts the sandbox when SLACK_BOT_TOKEN is not set, and stops cleanly on SIGTERM', async () => {
    const run = await start({}, /sandbox ready: http:\/\/127\.0\.0\.1:\d+\//);
    expect(run.stdout).toContain('starting the local sandbox');
    expect(run.stdout).toMatch(/infrabot sandbox ready: http:\/\/127\.0\.0\.1:\d+\//);
    expect(run.code).toBe(0);
    // The SDK's notice about Node versions the lock file does not use stays out of the user's way.
    expect(run.stderr).not.toContain('NodeVersionSupportWarning');
  }, 30_000);

  it('runs the bot (never the demo) in production, which says the token is missing', async () => {
    const run = await start({ NODE_ENV: 'production' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN is not set and NODE_ENV=production');
    expect(run.stdout).not.toContain('sandbox');
  }, 30_000);
});
