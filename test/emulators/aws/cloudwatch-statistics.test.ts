import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { emulatorPerTest, rejectionOf } from './support.js';

const setup = emulatorPerTest({ cw: CloudWatchClient });
const T0 = Date.parse('2026-04-15T18:00:00Z');
const base = {
  Namespace: 'AWS/ApplicationELB',
  MetricName: 'RequestCount',
  Dimensions: [{ Name: 'LoadBalancer', Value: 'app/dev-alb/1' }],
  StartTime: new Date(T0),
  EndTime: new Date(T0 + 3_600_000),
  Period: 1800,
};

describe('CloudWatch emulator: GetMetricStatistics', () => {
  it('aggregates published values per period for exactly the dimension set asked', async () => {
    const { cw, emu } = await setup();
    const put = (
      minute: number,
      value: number,
      dims: Record<string, string> = { LoadBalancer: 'app/dev-alb/1' },
    ) =>
      emu.world.putMetricValue({
        namespace: base.Namespace,
        metricName: base.MetricName,
        dimensions: dims,
        at: T0 + minute * 60_000,
        value,
        unit: 'Count',
      });
    put(5, 3);
    put(10, 4);
    put(40, 10);
    put(40, 99, { LoadBalancer: 'app/dev-alb/1', AvailabilityZone: 'ap-northeast-1a' }); // another metric
    put(70, 50); // after EndTime (exclusive)
    const out = await cw.send(
      new GetMetricStatisticsCommand({
        ...base,
        Statistics: ['Sum', 'Maximum', 'SampleCount'],
        ExtendedStatistics: undefined,
      }),
    );
    const points = (out.Datapoints ?? []).sort((a, b) => a.Timestamp!.getTime() - b.Timestamp!.getTime());
    expect(out.Label).toBe('RequestCount');
    expect(points).toEqual([
      { Timestamp: new Date(T0), Sum: 7, Maximum: 4, SampleCount: 2, Unit: 'Count' },
      { Timestamp: new Date(T0 + 1_800_000), Sum: 10, Maximum: 10, SampleCount: 1, Unit: 'Count' },
    ]);
    const p = await cw.send(new GetMetricStatisticsCommand({ ...base, ExtendedStatistics: ['p50'] }));
    expect(p.Datapoints?.find((d) => d.Timestamp?.getTime() === T0)?.ExtendedStatistics).toEqual({ p50: 3 });
  });

  it('answers broken requests with CloudWatch’s errors', async () => {
    const { cw } = await setup();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...base }, /InvalidParameterCombination/],
      [{ ...base, Statistics: ['Sum'], ExtendedStatistics: ['p99'] }, /InvalidParameterCombination/],
      [{ ...base, Statistics: ['Sum'], Period: 90 }, /InvalidParameterValue/],
      [{ ...base, Statistics: ['Sum'], StartTime: base.EndTime }, /InvalidParameterValue/],
      [
        { ...base, Statistics: ['Sum'], Period: 1, EndTime: new Date(T0 + 86_400_000) },
        /InvalidParameterCombination/,
      ],
      [{ ...base, ExtendedStatistics: ['median'] }, /InvalidParameterValue/],
      [{ ...base, Statistics: ['Median'] }, /InvalidParameterValue/],
    ];
    for (const [input, code] of cases) {
      const error = await rejectionOf(cw.send(new GetMetricStatisticsCommand(input as never)));
      expect(error.name, JSON.stringify(input)).toMatch(code);
    }
  });
});
