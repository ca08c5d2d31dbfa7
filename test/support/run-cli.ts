import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/infrabot.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `infrabot` binary (as `npx infrabot` would) with a clean, offline environment. */
export function runCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; unset?: readonly string[] },
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...cliEnv(options.cwd), ...options.env };
  for (const name of options.unset ?? []) delete env[name];
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd: options.cwd,
        env,
        timeout: 30_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** The clean, offline environment every CLI test starts from. */
export function cliEnv(cwd: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: cwd,
    INFRABOT_STORE: 'memory',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'ap-northeast-1',
    // Never reach real AWS from a test: an unroutable local port fails fast.
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
