/** What the alerts feature reads from CloudWatch besides the events themselves. */
export interface AlarmTarget {
  region: string;
  roleArn?: string;
  externalId?: string;
}

export interface GraphRequest {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  stat: string;
  periodSeconds: number;
  start: Date;
  end: Date;
  threshold?: number;
  title: string;
}

export interface AlarmDetails {
  /** The alarm's tags (ListTagsForResource). */
  tags(alarmArn: string, target: AlarmTarget): Promise<Record<string, string>>;
  /** A PNG of the metric around the breach with the threshold line (GetMetricWidgetImage). */
  graph(request: GraphRequest, target: AlarmTarget): Promise<Uint8Array>;
}
