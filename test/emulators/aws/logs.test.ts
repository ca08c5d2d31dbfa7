import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  MalformedQueryException,
  ResourceNotFoundException,
  StartQueryCommand,
  StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { emulatorPerTest, rejectionOf } from './support.js';

const setup = emulatorPerTest({ logs: CloudWatchLogsClient, ecs: ECSClient });

const QUERY =
  'fields @timestamp, @message | filter @message like /(?i)error/ | stats count(*) as count, latest(@timestamp) as last by @message | sort count desc | limit 5';

describe('CloudWatch Logs Insights emulator', () => {
  it('runs a query through Scheduled, Running and Complete, with statistics of what it scanned', async () => {
    const { logs, emu: emulator } = await setup({ seed: false });
    const now = emulator.clock.now();
    emulator.world.logs.behaviour = { scheduledMs: 30, runningMs: 120, outcome: 'Complete' };
    emulator.world.logs.putEvents(emulator.world.scope(), '/ecs/dev/api', [
      { timestamp: now - 60_000, message: 'ERROR db down', stream: 'ecs/api/1' },
      { timestamp: now - 50_000, message: 'ERROR db down', stream: 'ecs/api/1' },
      { timestamp: now - 40_000, message: 'error: timeout', stream: 'ecs/api/2' },
      { timestamp: now - 30_000, message: 'INFO ok', stream: 'ecs/api/2' },
      { timestamp: now - 7_200_000, message: 'ERROR long ago', stream: 'ecs/api/1' },
    ]);
    const { queryId } = await logs.send(
      new StartQueryCommand({
        logGroupName: '/ecs/dev/api',
        startTime: Math.floor((now - 600_000) / 1000),
        endTime: Math.ceil(now / 1000),
        queryString: QUERY,
        limit: 10,
      }),
    );
    const first = await logs.send(new GetQueryResultsCommand({ queryId }));
    expect(first.status).toBe('Scheduled');
    expect(first.results).toEqual([]);
    const seen = new Set<string>([first.status!]);
    let last = first;
    while (last.status === 'Scheduled' || last.status === 'Running') {
      await new Promise((r) => setTimeout(r, 10));
      last = await logs.send(new GetQueryResultsCommand({ queryId }));
      seen.add(last.status!);
    }
    expect([...seen]).toEqual(['Scheduled', 'Running', 'Complete']);
    const rows = last.results!.map((r) => Object.fromEntries(r.map((f) => [f.field, f.value])));
    expect(rows).toEqual([
      expect.objectContaining({ '@message': 'ERROR db down', count: '2' }),
      expect.objectContaining({ '@message': 'error: timeout', count: '1' }),
    ]);
    expect(rows[0]!.last).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
    // Four events in the window: each is its message's bytes plus 26.
    const bytes = ['ERROR db down', 'ERROR db down', 'error: timeout', 'INFO ok'].reduce(
      (n, m) => n + m.length + 26,
      0,
    );
    expect(last.statistics).toMatchObject({ recordsScanned: 4, recordsMatched: 3, bytesScanned: bytes });
  });

  it('answers bad queries and missing log groups with the service errors, and StopQuery cancels', async () => {
    const { logs, emu: emulator } = await setup({ seed: false });
    const now = Math.floor(emulator.clock.now() / 1000);
    emulator.world.logs.addGroup(emulator.world.scope(), '/ecs/dev/api');
    const base = { startTime: now - 600, endTime: now, queryString: QUERY };
    const missing = await rejectionOf(
      logs.send(new StartQueryCommand({ ...base, logGroupName: '/ecs/nope' })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    expect((missing as Error).message).toBe(
      "Log group '/ecs/nope' does not exist for account ID '111111111111'",
    );
    const malformed = await rejectionOf(
      logs.send(
        new StartQueryCommand({ ...base, logGroupName: '/ecs/dev/api', queryString: 'dedup @message' }),
      ),
    );
    expect(malformed).toBeInstanceOf(MalformedQueryException);
    const both = await rejectionOf(
      logs.send(
        new StartQueryCommand({ ...base, logGroupName: '/ecs/dev/api', logGroupNames: ['/ecs/dev/api'] }),
      ),
    );
    expect((both as Error).name).toBe('InvalidParameterException');
    const backwards = await rejectionOf(
      logs.send(
        new StartQueryCommand({ ...base, startTime: now, endTime: now - 60, logGroupName: '/ecs/dev/api' }),
      ),
    );
    expect((backwards as Error).name).toBe('InvalidParameterException');

    emulator.world.logs.behaviour = { scheduledMs: 0, runningMs: 60_000, outcome: 'Complete' };
    const { queryId } = await logs.send(new StartQueryCommand({ ...base, logGroupName: '/ecs/dev/api' }));
    expect((await logs.send(new StopQueryCommand({ queryId }))).success).toBe(true);
    expect((await logs.send(new GetQueryResultsCommand({ queryId }))).status).toBe('Cancelled');
    expect((await logs.send(new StopQueryCommand({ queryId }))).success).toBe(false);
    const unknown = await rejectionOf(logs.send(new GetQueryResultsCommand({ queryId: 'nope' })));
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);

    emulator.world.logs.behaviour = { scheduledMs: 0, runningMs: 0, outcome: 'Timeout' };
    const timedOut = await logs.send(new StartQueryCommand({ ...base, logGroupName: '/ecs/dev/api' }));
    expect((await logs.send(new GetQueryResultsCommand({ queryId: timedOut.queryId }))).status).toBe(
      'Timeout',
    );
  });

  it("describes a service's task definition with its image and awslogs options", async () => {
    const { ecs } = await setup();
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'dev-api' }));
    expect(out.taskDefinition).toMatchObject({ family: 'dev-api', revision: 1 });
    expect(out.taskDefinition?.containerDefinitions?.[0]).toMatchObject({
      image: '111111111111.dkr.ecr.ap-northeast-1.amazonaws.com/api:v1.0.0',
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/dev/api' } },
    });
    const unknown = await rejectionOf(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:9' })),
    );
    expect((unknown as Error).name).toBe('ClientException');
  });
});
