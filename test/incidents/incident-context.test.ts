import { afterEach, describe, expect, it } from 'vitest';
import type { AwsEmulator, World } from '../../sandbox/emulators/aws/index.js';
import { type ContextHarness, HOUR, startContextHarness, textOf } from './support/context-harness.js';

const MINUTE = 60_000;
const SECRETS = [
  'xoxb-1111-2222-abcdefghijkl',
  'AKIAIOSFODNN7EXAMPLE',
  'alice@example.com',
  'hunter2',
  'eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl',
];

/** dev/api deployed 10 minutes ago (revision 2, image v2.3.1); dev/worker untouched for 2 hours. */
function seed(world: World, emulator: AwsEmulator): void {
  world.addEcsCluster({ name: 'dev' });
  world.addEcsService({
    cluster: 'dev',
    name: 'api',
    desiredCount: 2,
    circuitBreaker: { enable: true, rollback: true },
  });
  world.addEcsService({ cluster: 'dev', name: 'worker', desiredCount: 1 });
  world.addScalableTarget({ cluster: 'dev', service: 'api', minCapacity: 1, maxCapacity: 6 });
  world.addEcsCluster({ name: 'staging', tags: { Environment: 'staging' } });
  world.addEcsService({ cluster: 'staging', name: 'api', desiredCount: 1, tags: { Environment: 'staging' } });
  world.addEcsCluster({ name: 'prod' });
  world.addEcsService({ cluster: 'prod', name: 'api', desiredCount: 2 });
  emulator.clock.advance(2 * HOUR);
  world.deployService('dev', 'api', undefined, { imageTag: 'v2.3.1' });
  emulator.clock.advance(10 * MINUTE);
  const now = emulator.clock.now();
  const at = (minutesAgo: number, i: number) => now - minutesAgo * MINUTE + i * 1000;
  const events = [
    ...Array.from({ length: 12 }, (_, i) => ({
      timestamp: at(9, i),
      message: `ERROR connection refused to db:5432 (user alice@example.com password=hunter2)`,
    })),
    ...Array.from({ length: 5 }, (_, i) => ({
      timestamp: at(8, i),
      message: `Exception in handler: token=xoxb-1111-2222-abcdefghijkl key AKIAIOSFODNN7EXAMPLE bearer eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl`,
    })),
    ...Array.from({ length: 3 }, (_, i) => ({
      timestamp: at(7, i),
      message: 'FATAL <!channel> <@U0ADMIN> out of memory `rm -rf`',
    })),
    { timestamp: at(6, 0), message: `error: ${'x'.repeat(50_000)}` },
    ...Array.from({ length: 40 }, (_, i) => ({ timestamp: at(5, i), message: `INFO GET /health 200 ${i}` })),
    // Before the window: not counted.
    { timestamp: now - 3 * HOUR, message: 'ERROR from long ago' },
  ];
  world.logs.putEvents(
    world.scope(),
    '/ecs/dev/api',
    events.map((e) => ({ ...e, stream: 'ecs/api/abc' })),
  );
}

let h: ContextHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('what changed', () => {
  it('names the deployment of the alarm’s service 10 minutes earlier, its revision and image', async () => {
    h = await startContextHarness(seed);
    const changes = await h.services.incidents!.whatChanged('dev');
    const deployments = changes.items.filter((i) => i.kind === 'deployment');
    expect(deployments).toHaveLength(1);
    expect(deployments[0]).toMatchObject({
      service: 'api',
      family: 'dev-api',
      revision: 2,
      imageTag: 'v2.3.1',
      rolloutState: 'COMPLETED',
    });
    const result = await h.run('changed dev');
    expect(result.outcome).toBe('ok');
    const text = textOf(result.message);
    expect(text).toContain('dev-api:2');
    expect(text).toContain('v2.3.1');
    expect(text).not.toContain('worker');
    // The PR source is not available in this build: said so, and never "nothing changed".
    expect(text).toContain('not available');
    expect(text).not.toMatch(/Nothing changed/);
  });

  it('lists stops and starts done through infrabot, and says "nothing changed" only when all was read', async () => {
    h = await startContextHarness(seed);
    await h.services.audit.record({
      actor: { id: 'U0OPERATOR', kind: 'slack' },
      command: 'stop staging',
      verb: 'stop',
      environment: 'staging',
      frontDoor: 'slack',
      outcome: 'ok',
      detail: 'staging stopped',
    });
    const staging = await h.services.incidents!.whatChanged('staging');
    expect(staging.items).toEqual([
      expect.objectContaining({ kind: 'environment-action', command: 'stop staging' }),
    ]);

    // Everything readable, nothing found (merged PRs read from the store): nothing changed.
    const { StoreMergedPullRequests } = await import('../../src/incidents/recent-changes.js');
    const { collectWhatChanged } = await import('../../src/incidents/what-changed.js');
    const { AwsEnvironmentGateways } = await import('../../src/aws/aws-environment-gateways.js');
    const { AwsIncidentGateways } = await import('../../src/aws/aws-incident-gateways.js');
    const { AwsClientFactory } = await import('../../src/aws/aws-clients.js');
    const aws = new AwsClientFactory({ endpoint: h.emulator.url });
    const envGateways = new AwsEnvironmentGateways(aws);
    const deps = {
      environmentGateways: envGateways,
      incidentGateways: new AwsIncidentGateways(aws, envGateways),
      audit: h.services.audit,
      mergedPullRequests: new StoreMergedPullRequests(h.store),
      now: () => new Date(h!.emulator.clock.now()),
    };
    const prodConfig = h.services.config.environments.prod!;
    const quiet = await collectWhatChanged(deps, {
      environment: 'prod',
      config: prodConfig,
      region: 'ap-northeast-1',
      at: new Date(h.emulator.clock.now()),
    });
    expect(quiet.sources.map((s) => s.state)).toEqual(['read', 'read', 'read']);
    const { nothingChanged } = await import('../../src/incidents/change-items.js');
    expect(nothingChanged(quiet)).toBe(true);

    // A merged PR recorded by the follower shows up with who merged it and its link.
    await new StoreMergedPullRequests(h.store).record({
      repo: 'acme/infra',
      number: 42,
      title: 'Add queue orders',
      url: 'https://github.com/acme/infra/pull/42',
      mergedBy: 'bob',
      mergedAt: new Date(h.emulator.clock.now() - HOUR),
    });
    const withPr = await collectWhatChanged(deps, {
      environment: 'prod',
      config: prodConfig,
      region: 'ap-northeast-1',
      at: new Date(h.emulator.clock.now()),
    });
    expect(withPr.items).toEqual([
      expect.objectContaining({ kind: 'pull-request', number: 42, mergedBy: 'bob' }),
    ]);
  });

  it('lists a source that failed as unreadable, not as nothing, and the command fails', async () => {
    h = await startContextHarness(seed);
    h.emulator.faults.inject('ecs', 'DescribeServices', { kind: 'server-error' });
    const changes = await h.services.incidents!.whatChanged('dev');
    const ecs = changes.sources.find((s) => s.source === 'ecs-deployments');
    expect(ecs?.state).not.toBe('read');
    const result = await h.run('changed dev');
    expect(result.outcome).toBe('error');
    expect(textOf(result.message)).toMatch(/ECS deployments: (partly unreadable|could not be read)/);
    expect(textOf(result.message)).not.toMatch(/Nothing changed/);
  });
});

describe('recent errors', () => {
  it('returns the seeded top errors with counts, bytes scanned, a console link, and nothing secret', async () => {
    h = await startContextHarness(seed);
    const result = await h.run('errors dev api');
    expect(result.outcome).toBe('ok');
    const text = textOf(result.message);
    const lines = (result.message.parts.find((p) => p.type === 'list') as { items: string[] }).items;
    expect(lines[0]).toMatch(/^\*12×\* `ERROR connection refused to db:5432/);
    expect(lines[1]).toMatch(/^\*5×\* `Exception in handler/);
    expect(lines[2]).toMatch(/^\*3×\* `FATAL/);
    expect(lines[3]).toMatch(/^\*1×\* `error: x+…`/);
    expect(lines).toHaveLength(4);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    // Hostile lines are inert: no mention, no broken code span, no 50 kB line.
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U0ADMIN>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(300);
    expect(text).toMatch(/[\d.]+ (B|KiB|MiB) scanned, 61 records, 21 matched/);
    expect(text).toContain(
      'https://ap-northeast-1.console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#logsV2:logs-insights',
    );
    expect(text).not.toContain('from long ago');
  });

  it('reports a failed or slow query by itself, and stops the slow one', async () => {
    h = await startContextHarness(seed);
    h.world.logs.behaviour = { scheduledMs: 0, runningMs: 10, outcome: 'Failed' };
    const failed = await h.run('errors dev api');
    expect(failed.outcome).toBe('error');
    expect(textOf(failed.message)).toContain('ended as *Failed*');

    h.world.logs.behaviour = { scheduledMs: 50, runningMs: 60_000, outcome: 'Complete' };
    const slow = await h.run('errors dev api');
    expect(slow.outcome).toBe('error');
    expect(textOf(slow.message)).toContain('still running after');
    expect(textOf(slow.message)).toContain('full query in CloudWatch');
    // Logs Insights bills what it scans: the query nobody waits for was stopped.
    expect(h.emulator.calls.list({ service: 'logs', action: 'StopQuery' })).toHaveLength(1);
  });

  it('says when the query could not be started or read, and why', async () => {
    h = await startContextHarness(seed);
    h.emulator.faults.inject('logs', 'GetQueryResults', { kind: 'server-error', times: 1 });
    const unread = await h.run('errors dev api');
    expect(unread.outcome).toBe('error');
    expect(textOf(unread.message)).toContain('could not read the results of the Logs Insights query');
    // The task definition names a log group that does not exist (yet).
    const worker = await h.run('errors dev worker');
    expect(worker.outcome).toBe('error');
    expect(textOf(worker.message)).toContain('could not start the Logs Insights query');
  });

  it('says when a service has no awslogs log group, or does not exist', async () => {
    h = await startContextHarness(seed);
    const missing = await h.run('errors dev nosuch');
    expect(missing.outcome).toBe('error');
    expect(textOf(missing.message)).toContain('Its services: `api`, `worker`');
    const bad = await h.run('errors dev "api; rm -rf /"');
    expect(bad.outcome).toBe('error');
    expect(bad.usage).toBe(true);
  });
});

describe('the sandbox story', () => {
  it('names the seeded deployment and the seeded errors, and nothing secret', async () => {
    const { seedDemoWorld, seedIncidentStory } = await import('../../sandbox/emulators/aws/index.js');
    h = await startContextHarness((world) => {
      seedDemoWorld(world);
      seedIncidentStory(world);
    });
    h.emulator.clock.advance(10 * MINUTE);
    const changed = await h.run('changed dev');
    const text = textOf(changed.message);
    expect(text).toContain('dev-api:2');
    expect(text).toContain('v1.4.2');
    expect(text).not.toContain('worker');
    const errors = await h.run('errors dev api');
    const lines = (errors.message.parts.find((p) => p.type === 'list') as { items: string[] }).items;
    expect(lines[0]).toMatch(/^\*\d+×\* `ERROR pg: connection pool exhausted/);
    expect(lines.join('\n')).not.toContain('xoxb-demo');
    expect(lines.join('\n')).not.toContain('GET /health');
  });
});
