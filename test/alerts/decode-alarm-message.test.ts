import { describe, expect, it } from 'vitest';
import { decodeAlarmMessage } from '../../src/alerts/decode-alarm-message.js';
import { cutAtWord, plainReason } from '../../src/alerts/plain-reason.js';
import {
  anomalyEvent,
  compositeEvent,
  metricMathEvent,
  singleMetricEvent,
  snsNotification,
} from './fixtures/alarm-events.js';

const decode = (body: unknown) => {
  const out = decodeAlarmMessage(typeof body === 'string' ? body : JSON.stringify(body));
  if (!out.ok) throw new Error(out.why);
  return out.transition;
};

describe('alarm message decoding', () => {
  it('reads a single-metric EventBridge event and says the reason in plain words', () => {
    const t = decode(singleMetricEvent('ServerCpuTooHigh', 'ALARM'));
    expect(t).toMatchObject({
      kind: 'metric',
      shape: 'eventbridge',
      state: 'ALARM',
      previousState: 'OK',
      account: '111111111111',
    });
    expect(t.metric).toMatchObject({
      namespace: 'AWS/EC2',
      name: 'CPUUtilization',
      period: 300,
      stat: 'Average',
    });
    expect(plainReason(t)).toBe('CPUUtilization 99.5 > 50 in 1 of the last 1 periods of 5m');
    const ok = decode(singleMetricEvent('ServerCpuTooHigh', 'OK'));
    expect(plainReason(ok)).toBe('CPUUtilization 12.5 ≤ 50 in 1 of the last 1 periods of 5m');
  });

  it('reads metric math, anomaly detection and composite alarms', () => {
    const math = decode(metricMathEvent('TotalNetworkTrafficTooHigh'));
    expect(math.kind).toBe('metric-math');
    expect(math.expression).toBe('SUM(METRICS())');
    expect(plainReason(math)).toBe('Total Network Traffic 45628 > 10000 in 1 of the last 1 periods of 5m');
    const anomaly = decode(anomalyEvent('EC2 CPU Utilization Anomaly'));
    expect(anomaly.kind).toBe('anomaly-detection');
    expect(plainReason(anomaly)).toBe(
      'CPUUtilization 0 outside the expected band 0.021–0.301 for 1 of the last 1 minutes',
    );
    const composite = decode(compositeEvent('ServiceAggregatedAlarm'));
    expect(composite.kind).toBe('composite');
    expect(plainReason(composite)).toBe('Triggered by ServerCpuTooHigh (ALARM)');
  });

  it('unwraps SNS notifications (region from the ARN, not the long name)', () => {
    const t = decode(snsNotification('orders-backlog', 'ALARM'));
    expect(t).toMatchObject({ shape: 'sns', region: 'ap-northeast-1', state: 'ALARM', previousState: 'OK' });
    expect(t.metric).toMatchObject({
      namespace: 'AWS/SQS',
      stat: 'Average',
      dimensions: { QueueName: 'orders' },
    });
    expect(plainReason(t)).toBe('ApproximateNumberOfMessagesVisible 7 ≥ 7 for 2 of the last 2 minutes');
    const ok = decode(snsNotification('orders-backlog', 'OK'));
    expect(plainReason(ok)).toMatch(/^ApproximateNumberOfMessagesVisible 2 < 7/);
    // Raw message delivery: the notification alone.
    const raw = decode(JSON.parse(snsNotification('orders-backlog', 'ALARM').Message));
    expect(raw.shape).toBe('sns');
  });

  it('says why a payload is not an alarm event, without echoing it', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['not json {', /not JSON/],
      ['[1,2]', /not a JSON object/],
      [{ hello: 'world' }, /neither/],
      [{ ...singleMetricEvent('x', 'ALARM'), account: 'abc' }, /account must be a 12-digit/],
      [
        { ...singleMetricEvent('x', 'ALARM'), 'detail-type': 'EC2 Instance State-change Notification' },
        /detail-type/,
      ],
      [{ ...singleMetricEvent('x', 'ALARM'), detail: { alarmName: 'x' } }, /detail.state/],
      [
        { Type: 'Notification', MessageId: 'm', TopicArn: 't', Message: '{"nope":1}', Timestamp: 'x' },
        /AlarmName/,
      ],
      [
        { Type: 'Notification', MessageId: 'm', TopicArn: 't', Message: 'plain text', Timestamp: 'x' },
        /not JSON/,
      ],
      ['x'.repeat(300_000), /characters/],
    ];
    for (const [body, why] of cases) {
      const out = decodeAlarmMessage(typeof body === 'string' ? body : JSON.stringify(body));
      expect(out.ok).toBe(false);
      if (!out.ok) {
        expect(out.why).toMatch(why);
        expect(out.why.length).toBeLessThan(400);
      }
    }
  });

  it('never cuts a reason mid-word', () => {
    const long = `${'word '.repeat(5000)}end`;
    const t = decode(singleMetricEvent('x', 'ALARM', { reason: long }));
    // A reason CloudWatch's wording does not explain falls back to the raw text, cut at a word.
    t.evaluation = {};
    const text = plainReason(t);
    expect(text.length).toBeLessThanOrEqual(301);
    expect(text).toMatch(/word…$/);
    expect(cutAtWord('alpha beta gamma', 12)).toBe('alpha beta…');
  });
});
