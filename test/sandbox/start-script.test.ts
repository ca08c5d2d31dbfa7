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
  let signalled = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    // Once: a second signal during shutdown would be a second, different request.
    if (!signalled && untilLine?.test(stdout)) {
      signalled = true;
      child.kill('SIGTERM');
    }
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

describe('npm start’s build step (scripts/build-if-stale.js)', () => {
  it('compiles only when a source is newer than the last build', async () => {
    const { execFileSync } = await import('node:child_process');
    const { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } =
      await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    // A package of its own, whose "tsc" only counts its runs.
    const root = mkdtempSync(join(tmpdir(), 'infrabot-build-'));
    try {
      mkdirSync(join(root, 'scripts'));
      mkdirSync(join(root, 'src'));
      mkdirSync(join(root, 'dist'));
      mkdirSync(join(root, 'node_modules/typescript/bin'), { recursive: true });
      copyFileSync(
        fileURLToPath(new URL('../../scripts/build-if-stale.js', import.meta.url)),
        join(root, 'scripts/build-if-stale.js'),
      );
      writeFileSync(join(root, 'src/a.ts'), 'export const a = 1;\n');
      writeFileSync(join(root, 'tsconfig.build.json'), '{}');
      writeFileSync(
        join(root, 'node_modules/typescript/bin/tsc'),
        "require('fs').appendFileSync(require('path').join(process.cwd(), 'tsc-runs'), 'x');\n",
      );
      const run = () =>
        execFileSync(process.execPath, [join(root, 'scripts/build-if-stale.js')], { stdio: 'pipe' });
      const runs = () => {
        try {
          return readFileSync(join(root, 'tsc-runs'), 'utf8').length;
        } catch {
          return 0;
        }
      };
      run();
      expect(runs(), 'never built: compiles').toBe(1);
      run();
      expect(runs(), 'up to date: skips tsc').toBe(1);
      const future = new Date(Date.now() + 60_000);
      utimesSync(join(root, 'src/a.ts'), future, future);
      run();
      expect(runs(), 'a source changed: compiles again').toBe(2);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
