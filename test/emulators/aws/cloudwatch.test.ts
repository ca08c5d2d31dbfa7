import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricWidgetImageCommand,
  InvalidParameterValueException,
  ListTagsForResourceCommand,
  ResourceNotFound,
  ResourceNotFoundException,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, emulatorPerTest, REGION, readPng, rejectionOf } from './support.js';

const setup = emulatorPerTest({ cw: CloudWatchClient, sqs: SQSClient });

const CPU_WIDGET = {
  metrics: [['AWS/ECS', 'CPUUtilization', 'ClusterName', 'dev', 'ServiceName', 'api', { stat: 'Average' }]],
  view: 'timeSeries',
  start: '-PT3H',
  period: 60,
  width: 480,
  height: 240,
  annotations: { horizontal: [{ label: 'threshold', value: 80 }] },
};

describe('CloudWatch emulator', () => {
  it('describes alarms by state, names and prefix', async () => {
    const { emu, cw } = await setup();
    const all = await cw.send(new DescribeAlarmsCommand({}));
    expect(all.MetricAlarms?.map((a) => a.AlarmName)).toEqual([
      'dev-api-cpu-high',
      'dev-db-connections',
      'staging-api-5xx',
      'staging-aurora-cpu-high',
    ]);
    expect(all.MetricAlarms?.[0]).toMatchObject({
      AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:dev-api-cpu-high`,
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Dimensions: [
        { Name: 'ClusterName', Value: 'dev' },
        { Name: 'ServiceName', Value: 'api' },
      ],
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      StateValue: 'OK',
    });
    expect(all.MetricAlarms?.[0]?.AlarmDescription).toContain('Runbook: https://');
    expect(all.MetricAlarms?.[0]?.StateUpdatedTimestamp).toBeInstanceOf(Date);

    emu.world.setAlarmState('staging-api-5xx', 'ALARM');
    const firing = await cw.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }));
    expect(firing.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['staging-api-5xx']);
    expect(firing.MetricAlarms?.[0]?.StateReason).toMatch(
      /^Threshold Crossed: 3 out of the last 5 datapoints \[/,
    );

    const byPrefix = await cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'dev-' }));
    expect(byPrefix.MetricAlarms).toHaveLength(2);
    const byName = await cw.send(new DescribeAlarmsCommand({ AlarmNames: ['dev-db-connections', 'ghost'] }));
    expect(byName.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['dev-db-connections']);
    const paged = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 3 }));
    expect(paged.MetricAlarms).toHaveLength(3);
    const rest = await cw.send(new DescribeAlarmsCommand({ MaxRecords: 3, NextToken: paged.NextToken }));
    expect(rest.MetricAlarms?.map((a) => a.AlarmName)).toEqual(['staging-aurora-cpu-high']);

    const badState = await rejectionOf(
      // @ts-expect-error an invalid enum value on purpose
      cw.send(new DescribeAlarmsCommand({ StateValue: 'ON_FIRE' })),
    );
    expect(badState).toBeInstanceOf(InvalidParameterValueException);
  });

  it('SetAlarmState drops an EventBridge alarm event on the alarm queue', async () => {
    const { emu, cw, sqs } = await setup();
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName: 'dev-api-cpu-high',
        StateValue: 'ALARM',
        StateReason: 'Threshold Crossed: 3 datapoints were greater than the threshold (80.0).',
        StateReasonData: '{"version":"1.0"}',
      }),
    );
    const queueUrl = emu.world.queue('infrabot-alarms')!.url;
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages).toHaveLength(1);
    const event = JSON.parse(received.Messages![0]!.Body!);
    const alarm = emu.world.alarm('dev-api-cpu-high')!;
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: ACCOUNT,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: REGION,
      resources: [`arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:dev-api-cpu-high`],
      detail: {
        alarmName: 'dev-api-cpu-high',
        state: {
          value: 'ALARM',
          reason: 'Threshold Crossed: 3 datapoints were greater than the threshold (80.0).',
          reasonData: '{"version":"1.0"}',
          timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/),
        },
        previousState: {
          value: 'OK',
          reason: expect.any(String),
          timestamp: expect.stringMatching(/\+0000$/),
        },
        configuration: {
          description: alarm.description,
          metrics: [
            {
              id: alarm.metricId,
              metricStat: {
                metric: {
                  namespace: 'AWS/ECS',
                  name: 'CPUUtilization',
                  dimensions: { ClusterName: 'dev', ServiceName: 'api' },
                },
                period: 60,
                stat: 'Average',
                unit: 'Percent',
              },
              returnData: true,
            },
          ],
        },
      },
    });
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: received.Messages![0]!.ReceiptHandle }),
    );

    // Setting the same state again is not a transition: no second event.
    await cw.send(
      new SetAlarmStateCommand({ AlarmName: 'dev-api-cpu-high', StateValue: 'ALARM', StateReason: 'again' }),
    );
    expect(emu.world.queue('infrabot-alarms')?.visible).toBe(0);
    expect(emu.world.events()).toHaveLength(1);
    expect(emu.world.events()[0]?.queueUrl).toBe(queueUrl);
  });

  it('world.setAlarmState writes CloudWatch-style reasons and reason data', async () => {
    const { emu } = await setup();
    const alarm = emu.world.setAlarmState('dev-db-connections', 'ALARM');
    expect(alarm.stateReason).toMatch(
      /^Threshold Crossed: 1 out of the last 1 datapoints \[[\d.]+ \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)\] was greater than the threshold \(80\.0\) \(minimum 1 datapoint for OK -> ALARM transition\)\.$/,
    );
    const data = JSON.parse(alarm.stateReasonData!);
    expect(data).toMatchObject({ version: '1.0', statistic: 'Maximum', period: 300, threshold: 80 });
    expect(data.recentDatapoints[0]).toBeGreaterThan(80);

    const ok = emu.world.setAlarmState('dev-db-connections', 'OK');
    expect(ok.stateReason).toContain('was not greater than the threshold');
    const [first, second] = emu.world.events();
    expect(second?.event.detail.previousState.value).toBe('ALARM');
    expect(first?.event.detail.state.reasonData).toBe(alarm.stateReasonData);
  });

  it('rejects unknown alarms and bad reason data', async () => {
    const { cw } = await setup();
    const unknown = await rejectionOf(
      cw.send(new SetAlarmStateCommand({ AlarmName: 'ghost', StateValue: 'ALARM', StateReason: 'x' })),
    );
    expect(unknown).toBeInstanceOf(ResourceNotFound);
    const badData = await rejectionOf(
      cw.send(
        new SetAlarmStateCommand({
          AlarmName: 'dev-api-cpu-high',
          StateValue: 'ALARM',
          StateReason: 'x',
          StateReasonData: '{nope',
        }),
      ),
    );
    expect(badData.name).toBe('InvalidFormatFault');
    const missing = await rejectionOf(
      cw.send(new SetAlarmStateCommand({ AlarmName: 'dev-api-cpu-high', StateValue: 'ALARM' } as never)),
    );
    expect(missing.name).toBe('MissingRequiredParameterException');
  });

  it('renders GetMetricWidgetImage as a valid PNG', async () => {
    const { emu, cw } = await setup();
    emu.world.setAlarmState('dev-api-cpu-high', 'ALARM');
    const out = await cw.send(new GetMetricWidgetImageCommand({ MetricWidget: JSON.stringify(CPU_WIDGET) }));
    const png = readPng(out.MetricWidgetImage!);
    expect(png.chunkTypes[0]).toBe('IHDR');
    expect(png.chunkTypes).toContain('IDAT');
    expect(png.chunkTypes.at(-1)).toBe('IEND');
    expect(png).toMatchObject({ width: 480, height: 240, bitDepth: 8, colourType: 2 });
    expect(png.raw.length).toBe((480 * 3 + 1) * 240);
    // Not a blank canvas: the series and the dashed threshold are drawn.
    const colours = new Set<string>();
    for (let i = 1; i < png.raw.length; i += 3) colours.add(png.raw.subarray(i, i + 3).toString('hex'));
    expect(colours.size).toBeGreaterThan(3);

    const defaults = await cw.send(
      new GetMetricWidgetImageCommand({
        MetricWidget: JSON.stringify({ metrics: [['AWS/RDS', 'CPUUtilization']] }),
      }),
    );
    expect(readPng(defaults.MetricWidgetImage!)).toMatchObject({ width: 600, height: 395 });
  });

  it('rejects malformed widget definitions', async () => {
    const { cw } = await setup();
    for (const widget of [
      '{not json',
      '{}',
      JSON.stringify({ metrics: [['AWS/ECS']] }),
      JSON.stringify({ ...CPU_WIDGET, width: 5000 }),
    ]) {
      const error = await rejectionOf(cw.send(new GetMetricWidgetImageCommand({ MetricWidget: widget })));
      expect(error).toBeInstanceOf(InvalidParameterValueException);
    }
  });

  it('lists alarm tags', async () => {
    const { cw } = await setup();
    const arn = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:staging-api-5xx`;
    const tags = await cw.send(new ListTagsForResourceCommand({ ResourceARN: arn }));
    expect(tags.Tags).toEqual([
      { Key: 'Environment', Value: 'staging' },
      { Key: 'Service', Value: 'api' },
    ]);
    const missing = await rejectionOf(
      cw.send(new ListTagsForResourceCommand({ ResourceARN: `${arn}-ghost` })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });
});
