import { cloudWatchTimestamp } from './alarm-event.js';
import type { EmulatorClock } from './clock.js';
import { nameFromArn, uuid } from './ids.js';
import type { AlarmEventState, AlarmStateValue, Dimension, MetricAlarm, Scope, Tags } from './world-types.js';

export interface NewAlarm {
  name: string;
  namespace: string;
  metricName: string;
  /** In order; a map keeps its insertion order. */
  dimensions?: Record<string, string> | Dimension[];
  statistic?: MetricAlarm['statistic'];
  period?: number;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparisonOperator?: MetricAlarm['comparisonOperator'];
  treatMissingData?: MetricAlarm['treatMissingData'];
  unit?: string;
  description?: string;
  state?: AlarmStateValue;
  stateReason?: string;
  alarmActions?: string[];
  okActions?: string[];
  tags?: Tags;
}

export type TransitionListener = (
  alarm: MetricAlarm,
  previous: AlarmEventState,
  current: AlarmEventState,
) => void;

const key = (scope: Scope, name: string) => `${scope.accountId}|${scope.region}|${name}`;

/** CloudWatch metric alarms. A state change notifies the listener (EventBridge → SQS). */
export class AlarmState {
  private readonly alarms = new Map<string, MetricAlarm>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly onTransition: TransitionListener,
  ) {}

  add(scope: Scope, input: NewAlarm): MetricAlarm {
    if (this.alarms.has(key(scope, input.name))) throw new Error(`alarm ${input.name} already exists`);
    const now = this.clock.now();
    const dimensions = Array.isArray(input.dimensions)
      ? input.dimensions.map((d) => ({ ...d }))
      : Object.entries(input.dimensions ?? {}).map(([name, value]) => ({ name, value }));
    const evaluationPeriods = input.evaluationPeriods ?? 1;
    const state = input.state ?? 'OK';
    const alarm: MetricAlarm = {
      ...scope,
      name: input.name,
      arn: `arn:aws:cloudwatch:${scope.region}:${scope.accountId}:alarm:${input.name}`,
      namespace: input.namespace,
      metricName: input.metricName,
      dimensions,
      statistic: input.statistic ?? 'Average',
      period: input.period ?? 60,
      evaluationPeriods,
      datapointsToAlarm: input.datapointsToAlarm ?? evaluationPeriods,
      threshold: input.threshold,
      comparisonOperator: input.comparisonOperator ?? 'GreaterThanThreshold',
      treatMissingData: input.treatMissingData ?? 'missing',
      actionsEnabled: true,
      alarmActions: [...(input.alarmActions ?? [])],
      okActions: [...(input.okActions ?? [])],
      insufficientDataActions: [],
      state,
      stateReason:
        input.stateReason ??
        (state === 'INSUFFICIENT_DATA'
          ? 'Unchecked: Initial alarm creation'
          : 'Threshold Crossed: no datapoints were breaching.'),
      stateUpdatedAt: now,
      stateTransitionedAt: now,
      configurationUpdatedAt: now,
      tags: { ...(input.tags ?? {}) },
      metricId: uuid(),
    };
    if (input.description !== undefined) alarm.description = input.description;
    if (input.unit !== undefined) alarm.unit = input.unit;
    this.alarms.set(key(scope, input.name), alarm);
    return alarm;
  }

  list(scope: Scope): MetricAlarm[] {
    return [...this.alarms.values()]
      .filter((a) => a.accountId === scope.accountId && a.region === scope.region)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  all(): MetricAlarm[] {
    return [...this.alarms.values()];
  }

  get(scope: Scope, nameOrArn: string): MetricAlarm | undefined {
    const name = nameOrArn.startsWith('arn:')
      ? (nameOrArn.split(':alarm:')[1] ?? nameFromArn(nameOrArn))
      : nameOrArn;
    return this.alarms.get(key(scope, name));
  }

  /**
   * Sets the state. Only a change of value is a transition: that is when CloudWatch runs actions
   * and emits the EventBridge event. Setting the same value again only refreshes the reason.
   */
  setState(alarm: MetricAlarm, value: AlarmStateValue, reason: string, reasonData?: string): MetricAlarm {
    const now = this.clock.now();
    const previous: AlarmEventState = {
      value: alarm.state,
      reason: alarm.stateReason,
      timestamp: cloudWatchTimestamp(alarm.stateUpdatedAt),
    };
    if (alarm.stateReasonData !== undefined) previous.reasonData = alarm.stateReasonData;
    const changed = alarm.state !== value;
    alarm.state = value;
    alarm.stateReason = reason;
    alarm.stateReasonData = reasonData;
    alarm.stateUpdatedAt = now;
    if (changed) {
      alarm.stateTransitionedAt = now;
      const current: AlarmEventState = { value, reason, timestamp: cloudWatchTimestamp(now) };
      if (reasonData !== undefined) current.reasonData = reasonData;
      this.onTransition(alarm, previous, current);
    }
    return alarm;
  }
}
