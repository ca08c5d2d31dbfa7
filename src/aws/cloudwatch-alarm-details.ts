import type { AlarmDetails, AlarmTarget, GraphRequest } from '../ports/alarm-details.js';
import type { AwsClientFactory } from './aws-clients.js';

const TAGS_TTL_MS = 5 * 60_000;

/** AlarmDetails on CloudWatch. Tags are cached for a few minutes: a storm asks for the same alarms. */
export class CloudWatchAlarmDetails implements AlarmDetails {
  private readonly tagCache = new Map<string, { at: number; tags: Promise<Record<string, string>> }>();

  constructor(
    private readonly aws: AwsClientFactory,
    private readonly now: () => number = Date.now,
  ) {}

  tags(alarmArn: string, target: AlarmTarget): Promise<Record<string, string>> {
    const cached = this.tagCache.get(alarmArn);
    if (cached && this.now() - cached.at < TAGS_TTL_MS) return cached.tags;
    const tags = this.readTags(alarmArn, target);
    this.tagCache.set(alarmArn, { at: this.now(), tags });
    tags.catch(() => this.tagCache.delete(alarmArn));
    if (this.tagCache.size > 5_000) this.tagCache.delete(this.tagCache.keys().next().value as string);
    return tags;
  }

  private async readTags(alarmArn: string, target: AlarmTarget): Promise<Record<string, string>> {
    const { ListTagsForResourceCommand } = await import('@aws-sdk/client-cloudwatch');
    const { cloudwatch } = await this.aws.forTarget(target);
    const out = await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarmArn }));
    return Object.fromEntries((out.Tags ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? '']] : [])));
  }

  async graph(request: GraphRequest, target: AlarmTarget): Promise<Uint8Array> {
    const { GetMetricWidgetImageCommand } = await import('@aws-sdk/client-cloudwatch');
    const { cloudwatch } = await this.aws.forTarget(target);
    const dims = Object.entries(request.dimensions).flat();
    const widget = {
      title: request.title.slice(0, 200),
      width: 800,
      height: 400,
      start: request.start.toISOString(),
      end: request.end.toISOString(),
      period: request.periodSeconds,
      metrics: [[request.namespace, request.metric, ...dims, { stat: request.stat }]],
      ...(request.threshold !== undefined
        ? {
            annotations: { horizontal: [{ value: request.threshold, label: 'Threshold', color: '#d62728' }] },
          }
        : {}),
    };
    const out = await cloudwatch.send(
      new GetMetricWidgetImageCommand({ MetricWidget: JSON.stringify(widget), OutputFormat: 'png' }),
    );
    if (!out.MetricWidgetImage || out.MetricWidgetImage.length === 0)
      throw new Error('CloudWatch returned no image for the metric graph');
    return out.MetricWidgetImage;
  }
}
