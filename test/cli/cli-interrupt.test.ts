import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { BIN, cliEnv, runCli } from '../support/run-cli.js';

const CONFIG = `
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api] }]
`;

let aws: AwsEmulator;
let cwd: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  aws = await startAwsEmulator({ speed: 600 });
  aws.world.addEcsCluster({ name: 'dev' });
  aws.world.addEcsService({ cluster: 'dev', name: 'api', desiredCount: 2 });
  cwd = await mkdtemp(join(tmpdir(), 'infrabot-sigint-'));
  await writeFile(join(cwd, 'infrabot.yml'), CONFIG);
  // A store both processes share, as two terminals on one machine do.
  env = { ...cliEnv(cwd), AWS_ENDPOINT_URL: aws.url, INFRABOT_STORE: `sqlite:${join(cwd, 'state.sqlite')}` };
});
afterAll(() => aws.close());

describe('Ctrl-C during a terminal stop', () => {
  it('interrupts it, releases the lease at once, and the next stop is not blocked', async () => {
    // The change hangs in AWS, as a slow call would: the stop is mid-flight when Ctrl-C comes.
    aws.faults.inject('ecs', 'UpdateService', { kind: 'latency', latencyMs: 20_000, times: 1 });
    const child = spawn(process.execPath, [BIN, 'stop', 'dev', '--yes'], { cwd, env });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 15_000;
    while (!stdout.includes('scaling to 0') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(stdout).toContain('scaling to 0');
    const sent = performance.now();
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(130);
    // Well before the 20 s call would have returned, and far before the 2-minute lease lapses.
    expect(performance.now() - sent).toBeLessThan(5_000);
    expect(stderr).toContain('dev: stop interrupted');

    const next = await runCli(['stop', 'dev', '--yes'], { cwd, env });
    expect(`${next.stdout}${next.stderr}`).not.toContain('already being stopped');
    expect(next.code).toBe(0);
    expect(aws.world.ecsService('dev', 'api')?.desiredCount).toBe(0);
  }, 40_000);
});
