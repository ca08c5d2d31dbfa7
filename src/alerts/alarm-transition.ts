/**
 * One alarm state change, whatever shape it arrived in (an EventBridge event or an SNS
 * notification). The rest of the alerts domain only ever sees this.
 */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export type AlarmKind = 'metric' | 'metric-math' | 'anomaly-detection' | 'composite';

export interface AlarmMetric {
  namespace: string;
  name: string;
  dimensions: Record<string, string>;
  stat?: string;
  /** Seconds. */
  period?: number;
  unit?: string;
}

export interface AlarmTransition {
  /** The dedupe key: EventBridge's event id, or the SNS MessageId. */
  eventId: string;
  shape: 'eventbridge' | 'sns';
  kind: AlarmKind;
  alarmName: string;
  alarmArn: string;
  account: string;
  region: string;
  state: AlarmStateValue;
  previousState?: AlarmStateValue;
  /** When CloudWatch changed the state. */
  at: Date;
  /** CloudWatch's own reason string (unbounded; never shown raw in full). */
  reason: string;
  /** What the plain-words reason is built from (EventBridge's reasonData, or SNS's Trigger). */
  evaluation: Evaluation;
  description?: string;
  /** The metric graphed and named in the message (the first one a math expression reads). */
  metric?: AlarmMetric;
  /** Metric math or anomaly band expression, e.g. `SUM(METRICS())`, `ANOMALY_DETECTION_BAND(m1, 2)`. */
  expression?: string;
  expressionLabel?: string;
  /** Composite alarms: the rule and the children that triggered it. */
  alarmRule?: string;
  triggeringAlarms?: Array<{ name: string; state?: string }>;
  /** Tags carried by the event itself (EventBridge alarmTags with tag propagation on). */
  tags?: Record<string, string>;
}

export interface Evaluation {
  datapoints?: number[];
  threshold?: number;
  lowerThresholds?: number[];
  upperThresholds?: number[];
  comparison?: string;
  /** "3 out of the last 5": breaching and evaluated counts, when CloudWatch says them. */
  breaching?: number;
  evaluated?: number;
}

/** Unique per alarm across accounts and regions: the key of everything the store keeps for it. */
export function alarmKey(t: Pick<AlarmTransition, 'account' | 'region' | 'alarmName'>): string {
  return `${t.account}/${t.region}/${t.alarmName}`;
}
