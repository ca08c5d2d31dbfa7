import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { DescribeDBInstancesCommand, RDSClient, StopDBInstanceCommand } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import type { AwsEmulator } from '../../../sandbox/emulators/aws/index.js';
import { clientConfig, emulatorPerTest, rejectionOf } from './support.js';

const start = emulatorPerTest({});
const setup = async () => (await start()).emu;

const auth = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=test/20260101/ap-northeast-1/${service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd`;

function jsonCall(
  e: AwsEmulator,
  target: string,
  body: string,
  service = 'ecs',
  authorization: string | null = auth(service),
) {
  return fetch(e.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
      ...(authorization ? { authorization } : {}),
    },
    body,
  });
}

async function errorBody(res: Response): Promise<{ __type: string; message: string }> {
  return (await res.json()) as { __type: string; message: string };
}

function queryCall(
  e: AwsEmulator,
  body: string,
  service = 'rds',
  authorization: string | null = auth(service),
) {
  return fetch(e.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
    body,
  });
}

describe('wire protocol handling', () => {
  it('refuses unauthenticated requests the way AWS does, in each protocol', async () => {
    const e = await setup();
    const json = await jsonCall(e, 'AmazonEC2ContainerServiceV20141113.ListClusters', '{}', 'ecs', null);
    expect(json.status).toBe(403);
    expect(json.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await json.json()).toMatchObject({
      __type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    });

    const query = await queryCall(e, 'Action=DescribeDBInstances&Version=2014-10-31', 'rds', null);
    expect(query.status).toBe(403);
    expect(await query.text()).toContain('<Code>MissingAuthenticationToken</Code>');

    const incomplete = await jsonCall(
      e,
      'AmazonEC2ContainerServiceV20141113.ListClusters',
      '{}',
      'ecs',
      'AWS4-HMAC-SHA256 Signature=abc',
    );
    expect(incomplete.status).toBe(403);
    expect((await errorBody(incomplete)).__type).toBe('IncompleteSignatureException');

    const unknownService = await jsonCall(e, 'X.Y', '{}', 'lambda');
    expect(unknownService.status).toBe(403);
    expect((await errorBody(unknownService)).__type).toBe('InvalidSignatureException');
  });

  it('answers malformed JSON and unknown operations', async () => {
    const e = await setup();
    const badJson = await jsonCall(e, 'AmazonEC2ContainerServiceV20141113.ListClusters', '{"cluster":');
    expect(badJson.status).toBe(400);
    expect((await errorBody(badJson)).__type).toBe('SerializationException');

    const notObject = await jsonCall(e, 'AmazonEC2ContainerServiceV20141113.ListClusters', '[1,2]');
    expect((await errorBody(notObject)).__type).toBe('SerializationException');

    const unknown = await jsonCall(e, 'AmazonEC2ContainerServiceV20141113.LaunchRockets', '{}');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');

    const wrongPrefix = await jsonCall(e, 'AmazonSQS.ListQueues', '{}');
    expect((await errorBody(wrongPrefix)).__type).toBe('UnknownOperationException');

    const noPrototype = await jsonCall(e, 'AmazonEC2ContainerServiceV20141113.constructor', '{}');
    expect((await errorBody(noPrototype)).__type).toBe('UnknownOperationException');

    const wrongType = await jsonCall(
      e,
      'AmazonEC2ContainerServiceV20141113.UpdateService',
      '{"cluster":"dev","service":"api","desiredCount":"two"}',
    );
    expect(wrongType.status).toBe(400);
    expect((await errorBody(wrongType)).__type).toBe('ValidationException');
  });

  it('answers an operation a JSON 1.0 or 1.1 service does not have with UnknownOperationException, per service', async () => {
    const e = await setup();
    for (const [service, target] of [
      ['sqs', 'AmazonSQS.PurgeEverything'], // JSON 1.0
      ['monitoring', 'GraniteServiceVersion20100801.DeleteEverything'], // JSON 1.0
      ['application-autoscaling', 'AnyScaleFrontendService.ScaleToInfinity'], // JSON 1.1
      ['tagging', 'ResourceGroupsTaggingAPI_20170126.UntagEverything'], // JSON 1.1
      // An operation the real service has but the emulator does not implement is refused the same way.
      ['ecs', 'AmazonEC2ContainerServiceV20141113.CreateCluster'],
    ] as const) {
      const res = await jsonCall(e, target, '{}', service);
      expect(res.status, target).toBe(400);
      expect(res.headers.get('x-amzn-errortype'), target).toBe('UnknownOperationException');
      // SQS names its error types with the namespace (com.amazonaws.sqs#…), the others bare.
      expect((await errorBody(res)).__type, target).toMatch(
        /^(com\.amazonaws\.\w+#)?UnknownOperationException$/,
      );
    }
    // Nothing was recorded as a call: a test can't pass on a call the service would refuse.
    expect(e.calls.list({ service: 'ecs', action: 'CreateCluster' })).toEqual([]);
  });

  it('answers unknown or missing Query actions with InvalidAction / MissingAction', async () => {
    const e = await setup();
    const unknown = await queryCall(e, 'Action=DropAllTables&Version=2014-10-31');
    expect(unknown.status).toBe(400);
    const text = await unknown.text();
    expect(text).toContain('<Code>InvalidAction</Code>');
    expect(text).toContain('xmlns="http://rds.amazonaws.com/doc/2014-10-31/"');
    // Real RDS actions the emulator does not implement are refused as the service refuses unknown ones.
    const unimplemented = await queryCall(
      e,
      'Action=DeleteDBInstance&DBInstanceIdentifier=dev-db&Version=2014-10-31',
    );
    expect(unimplemented.status).toBe(400);
    expect(await unimplemented.text()).toContain('<Code>InvalidAction</Code>');
    expect(e.calls.list({ service: 'rds', action: 'DeleteDBInstance' })).toEqual([]);
    const missing = await queryCall(e, 'Version=2014-10-31');
    expect(await missing.text()).toContain('<Code>MissingAction</Code>');
  });

  it('survives hostile Query keys', async () => {
    const e = await setup();
    for (const body of [
      'Action=DescribeDBInstances&Filters.Filter.99999999.Name=x',
      'Action=DescribeDBInstances&__proto__.polluted=1&constructor.prototype.x=1',
      'Action=DescribeDBInstances&Filters=x&Filters.Filter.1.Name=engine',
      'Action=DescribeDBInstances&MaxRecords=lots',
    ]) {
      const res = await queryCall(e, body);
      expect(res.status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('sends the query-compatibility error header for SQS', async () => {
    const e = await setup();
    const res = await fetch(e.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.GetQueueUrl',
        authorization: auth('sqs'),
      },
      body: JSON.stringify({ QueueName: 'ghost' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-query-error')).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(await res.json()).toEqual({
      __type: 'com.amazonaws.sqs#QueueDoesNotExist',
      message: 'The specified queue does not exist.',
    });
  });

  it('reports missing required parameters through the SDK', async () => {
    const e = await setup();
    const ecs = new ECSClient(clientConfig(e, { maxAttempts: 1 }));
    const noService = await rejectionOf(
      ecs.send(new UpdateServiceCommand({ cluster: 'dev', desiredCount: 1 } as never)),
    );
    expect(noService.name).toBe('ValidationException');
    expect(noService.message).toContain("Value null at 'service' failed to satisfy constraint");
    const rds = new RDSClient(clientConfig(e, { maxAttempts: 1 }));
    const noId = await rejectionOf(rds.send(new StopDBInstanceCommand({} as never)));
    expect(noId.name).toBe('MissingParameter');
    expect(noId.message).toBe('The request must contain the parameter DBInstanceIdentifier');
  });
});

describe('fault injection and the call log', () => {
  it('injects throttling in each protocol, consuming `times`', async () => {
    const e = await setup();
    const ecs = new ECSClient(clientConfig(e, { maxAttempts: 1 }));
    e.faults.inject('ecs', 'DescribeServices', { kind: 'throttle', times: 1 });
    const throttled = await rejectionOf(
      ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['api'] })),
    );
    expect(throttled.name).toBe('ThrottlingException');
    await expect(
      ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['api'] })),
    ).resolves.toBeDefined();

    const rds = new RDSClient(clientConfig(e, { maxAttempts: 1 }));
    e.faults.inject('rds', '*', { kind: 'throttle' });
    const rdsThrottled = await rejectionOf(rds.send(new DescribeDBInstancesCommand({})));
    expect(rdsThrottled.name).toBe('Throttling');
    e.faults.clear('rds');
    await expect(rds.send(new DescribeDBInstancesCommand({}))).resolves.toBeDefined();
  });

  it('fails with a server error after the SDK retries, or recovers when the fault is transient', async () => {
    const e = await setup();
    const ecs = new ECSClient(clientConfig(e));
    e.faults.inject('ecs', 'DescribeServices', { kind: 'server-error', times: 3 });
    const error = await rejectionOf(
      ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['api'] })),
    );
    expect(error.name).toBe('InternalFailure');
    expect(error['$fault']).toBe('server');
    expect((error['$metadata'] as { attempts: number }).attempts).toBe(3);
    expect(e.calls.count({ service: 'ecs', action: 'DescribeServices' })).toBe(3);

    e.faults.inject('ecs', 'DescribeServices', { kind: 'server-error', times: 1 });
    const ok = await ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['api'] }));
    expect(ok.$metadata.attempts).toBe(2);
  });

  it('adds latency', async () => {
    const e = await setup();
    const ecs = new ECSClient(clientConfig(e));
    e.faults.inject('ecs', 'DescribeServices', { kind: 'latency', latencyMs: 300, times: 1 });
    const started = Date.now();
    await ecs.send(new DescribeServicesCommand({ cluster: 'dev', services: ['api'] }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(e.faults.list()).toEqual([]);
  });

  it('logs every call with its parameters, time and outcome', async () => {
    const e = await setup();
    const ecs = new ECSClient(clientConfig(e, { maxAttempts: 1 }));
    await ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'worker', desiredCount: 0 }));
    await rejectionOf(
      ecs.send(new UpdateServiceCommand({ cluster: 'dev', service: 'ghost', desiredCount: 0 })),
    );
    const calls = e.calls.list({ service: 'ecs', action: 'UpdateService' });
    expect(calls).toEqual([
      expect.objectContaining({
        params: { cluster: 'dev', service: 'worker', desiredCount: 0 },
        region: 'ap-northeast-1',
        accountId: '111111111111',
      }),
      expect.objectContaining({
        params: expect.objectContaining({ service: 'ghost' }),
        error: 'ServiceNotFoundException',
      }),
    ]);
    expect(Math.abs(calls[0]!.at - e.clock.now())).toBeLessThan(60_000);
    e.calls.clear();
    expect(e.calls.count()).toBe(0);
  });
});

describe('control API', () => {
  const post = (e: AwsEmulator, route: string, body: unknown) =>
    fetch(`${e.url}/_emulator/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('reads the world and pokes it', async () => {
    const e = await setup();
    const state = (await (await fetch(`${e.url}/_emulator/state`)).json()) as {
      ecs: { services: Array<{ name: string; runningCount: number }> };
      queues: Array<{ name: string }>;
    };
    expect(state.ecs.services.map((s) => s.name)).toEqual(['api', 'worker', 'api', 'worker']);
    expect(state.queues.map((q) => q.name)).toEqual(['infrabot-alarms-dlq', 'infrabot-alarms']);

    const flipped = await post(e, 'set-alarm-state', { name: 'dev-api-cpu-high', state: 'ALARM' });
    expect(flipped.status).toBe(200);
    expect(e.world.queue('infrabot-alarms')?.visible).toBe(1);

    expect((await post(e, 'deploy-service', { cluster: 'dev', service: 'api' })).status).toBe(200);
    expect(e.world.ecsService('dev', 'api')?.deployments).toHaveLength(2);

    e.world.addDbInstance({ id: 'sleepy', status: 'stopped' });
    expect((await post(e, 'restart-db', { id: 'sleepy' })).status).toBe(200);
    expect(e.world.dbInstance('sleepy')?.status).toBe('starting');

    const before = e.clock.now();
    expect((await post(e, 'advance', { ms: 3_600_000 })).status).toBe(200);
    expect(e.clock.now() - before).toBeGreaterThanOrEqual(3_600_000);

    const bad = await post(e, 'set-alarm-state', { name: 'dev-api-cpu-high', state: 'PANIC' });
    expect(bad.status).toBe(400);
    const unknownAlarm = await post(e, 'set-alarm-state', { name: 'ghost', state: 'OK' });
    expect(await unknownAlarm.json()).toEqual({ error: 'no alarm named ghost' });
    expect((await post(e, 'restart-db', { id: 'dev-db' })).status).toBe(400);
    expect((await fetch(`${e.url}/_emulator/nothing`)).status).toBe(404);
    expect((await fetch(`${e.url}/_emulator/advance`)).status).toBe(405);
    const notJson = await fetch(`${e.url}/_emulator/advance`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
  });
});
