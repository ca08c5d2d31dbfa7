import { z } from 'zod';

/**
 * The shapes alarm state changes arrive in, as AWS documents them ("Alarm events and
 * EventBridge" in the CloudWatch user guide; "Amazon SNS notification" for alarm actions).
 * Unknown fields are allowed (AWS adds them); the ones we read are checked.
 */
export const stateValue = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);

const eventState = z.object({
  value: stateValue,
  reason: z.string().default(''),
  /** A JSON document as a string; its shape depends on the alarm kind. */
  reasonData: z.string().optional(),
  timestamp: z.string().min(1),
  actionsSuppressedBy: z.string().optional(),
});

const metricQuery = z.object({
  id: z.string(),
  metricStat: z
    .object({
      metric: z.object({
        namespace: z.string(),
        name: z.string(),
        dimensions: z.record(z.string(), z.string()).default({}),
      }),
      period: z.number().optional(),
      stat: z.string().optional(),
      unit: z.string().optional(),
    })
    .optional(),
  expression: z.string().optional(),
  label: z.string().optional(),
  returnData: z.boolean().optional(),
});

/** EventBridge: source aws.cloudwatch, detail-type "CloudWatch Alarm State Change". */
export const alarmStateChangeEvent = z.object({
  version: z.string(),
  id: z.string().min(1).max(256),
  'detail-type': z.literal('CloudWatch Alarm State Change'),
  source: z.literal('aws.cloudwatch'),
  account: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  time: z.string(),
  region: z.string().min(1).max(64),
  resources: z.array(z.string()).min(1),
  detail: z.object({
    alarmName: z.string().min(1),
    state: eventState,
    previousState: eventState.partial().optional(),
    configuration: z
      .object({
        description: z.string().optional(),
        metrics: z.array(metricQuery).optional(),
        alarmRule: z.string().optional(),
      })
      .default({}),
    /** Present when the alarm has tag propagation enabled. */
    alarmTags: z.record(z.string(), z.string()).optional(),
  }),
});
export type AlarmStateChangeEvent = z.infer<typeof alarmStateChangeEvent>;

/** reasonData of metric, metric math and anomaly detection alarms. */
export const metricReasonData = z.object({
  recentDatapoints: z.array(z.number()).optional(),
  threshold: z.number().optional(),
  recentLowerThresholds: z.array(z.number()).optional(),
  recentUpperThresholds: z.array(z.number()).optional(),
});

/** reasonData of composite alarms. */
export const compositeReasonData = z.object({
  triggeringAlarms: z
    .array(z.object({ arn: z.string(), state: z.object({ value: z.string() }).partial().optional() }))
    .default([]),
});

/** The SNS envelope SQS receives when a topic delivers to it without raw message delivery. */
export const snsEnvelope = z.object({
  Type: z.literal('Notification'),
  MessageId: z.string().min(1).max(256),
  TopicArn: z.string(),
  Subject: z.string().nullish(),
  Message: z.string(),
  Timestamp: z.string(),
});

const snsDimension = z.object({ name: z.string(), value: z.string() });

/** The CloudWatch alarm notification inside SNS's `Message` (a JSON string). */
export const snsAlarmNotification = z.object({
  AlarmName: z.string().min(1),
  AlarmDescription: z.string().nullish(),
  AWSAccountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  NewStateValue: stateValue,
  NewStateReason: z.string().default(''),
  StateChangeTime: z.string().min(1),
  /** A long name ("Asia Pacific (Tokyo)"), not a region code: the code comes from the ARN. */
  Region: z.string().optional(),
  AlarmArn: z.string().optional(),
  OldStateValue: stateValue.optional(),
  AlarmRule: z.string().nullish(),
  TriggeringChildren: z
    .array(z.object({ Arn: z.string(), State: z.object({ Value: z.string() }).partial().optional() }))
    .optional(),
  Trigger: z
    .object({
      MetricName: z.string().nullish(),
      Namespace: z.string().nullish(),
      Statistic: z.string().nullish(),
      ExtendedStatistic: z.string().nullish(),
      Unit: z.string().nullish(),
      Dimensions: z.array(snsDimension).nullish(),
      Period: z.number().nullish(),
      EvaluationPeriods: z.number().nullish(),
      DatapointsToAlarm: z.number().nullish(),
      ComparisonOperator: z.string().nullish(),
      Threshold: z.number().nullish(),
      ThresholdMetricId: z.string().nullish(),
      Metrics: z
        .array(
          z.object({
            Id: z.string(),
            Expression: z.string().nullish(),
            Label: z.string().nullish(),
            MetricStat: z
              .object({
                Metric: z.object({
                  MetricName: z.string(),
                  Namespace: z.string(),
                  Dimensions: z.array(snsDimension).nullish(),
                }),
                Period: z.number().nullish(),
                Stat: z.string().nullish(),
                Unit: z.string().nullish(),
              })
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});
export type SnsAlarmNotification = z.infer<typeof snsAlarmNotification>;
