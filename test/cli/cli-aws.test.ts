import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../sandbox/emulators/aws/index.js';
import { seedDemoWorld } from '../../sandbox/emulators/aws/seed-demo-world.js';
import { runCli } from '../support/run-cli.js';

const CONFIG = `
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev, services: [api, worker] }]
    rds: { instances: [dev-db, dev-reports-replica] }
`;

let aws: AwsEmulator;
let cwd: string;
beforeAll(async () => {
  aws = await startAwsEmulator({ speed: 600 });
  seedDemoWorld(aws.world);
  cwd = await mkdtemp(join(tmpdir(), 'infrabot-cli-aws-'));
  await writeFile(join(cwd, 'infrabot.yml'), CONFIG);
});
afterAll(() => aws.close());

describe('infrabot against AWS (emulated), with the caller’s own credentials', () => {
  it('stop dev --dry-run prints the plan and changes nothing', async () => {
    const run = await runCli(['stop', 'dev', '--dry-run'], { cwd, env: { AWS_ENDPOINT_URL: aws.url } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('api');
    expect(run.stdout).toContain('dev-reports-replica');
    expect(aws.calls.list({ service: 'ecs', action: 'UpdateService' })).toHaveLength(0);
    expect(aws.world.ecsService('dev', 'api')?.desiredCount).toBe(2);
  });

  it('stop dev without --yes asks, and without a terminal to answer, changes nothing', async () => {
    const run = await runCli(['stop', 'dev'], { cwd, env: { AWS_ENDPOINT_URL: aws.url } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Re-run with --yes to go ahead: infrabot stop dev --yes');
    expect(aws.calls.list({ service: 'ecs', action: 'UpdateService' })).toHaveLength(0);
  });

  it('status dev shows each resource', async () => {
    const run = await runCli(['status', 'dev'], { cwd, env: { AWS_ENDPOINT_URL: aws.url } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/dev\/api/);
    expect(run.stdout).toMatch(/dev-db/);
  });

  it('alarms lists what is firing', async () => {
    aws.world.setAlarmState('dev-api-cpu-high', 'ALARM', { reason: 'Threshold Crossed: CPU 91 > 80' });
    const run = await runCli(['alarms', 'dev'], { cwd, env: { AWS_ENDPOINT_URL: aws.url } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dev-api-cpu-high');
  });
});
