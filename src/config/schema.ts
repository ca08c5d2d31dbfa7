import { Cron } from 'croner';
import { z } from 'zod';
import { parseDuration } from '../util/duration.js';

/** Slack IDs: users (U/W), user groups (S), channels (C/G/D). */
const userOrGroupId = z
  .string()
  .regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user ID (U…/W…) or user group ID (S…), e.g. U0123ABCD');
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel ID (C…), e.g. C0123ABCD');

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'is not an IANA time zone (e.g. Europe/Berlin, Asia/Tokyo, UTC)' },
);

const cron = z.string().superRefine((pattern, ctx) => {
  try {
    new Cron(pattern, { paused: true });
  } catch (error) {
    const why = (error as Error).message
      .replace(/^CronPattern:\s*/, '')
      .replace(/^Invalid value for (\w+): /, '$1 ');
    ctx.addIssue({ code: 'custom', message: `"${pattern}" is not a valid cron expression: ${why}` });
  }
});

const duration = z.string().refine((s) => parseDuration(s) !== undefined, {
  message: 'is not a duration (use e.g. 15m, 2h, 1h30m)',
});

/** A duration, or `off` to turn the behaviour off. */
const durationOrOff = z
  .string()
  .refine((s) => s.trim().toLowerCase() === 'off' || parseDuration(s) !== undefined, {
    message: 'is not a duration (use e.g. 2m, 30m, 1h) or off',
  });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-31');

const region = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'is not an AWS region (e.g. eu-west-1)');
const roleArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
    'must be an IAM role ARN like arn:aws:iam::123456789012:role/infrabot',
  );

const tags = z.record(z.string().min(1), z.string());

/** A CloudWatch metric that shows use, e.g. an ALB's RequestCount: above the threshold = in use. */
const activitySignal = z.strictObject({
  namespace: z.string().min(1).max(255),
  metric: z.string().min(1).max(255),
  dimensions: z.record(z.string().min(1).max(255), z.string().min(1).max(1024)).default({}),
  statistic: z.enum(['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount']).default('Sum'),
  /** In use when the statistic over the window is above this. */
  threshold: z.number().nonnegative(),
  /** The window looked at, in minutes before the stop. */
  minutes: z.number().int().min(1).max(1440).default(30),
});

/** Hourly list prices in USD for one region, overriding the built-in table (src/schedules/prices.ts). */
const regionPrices = z.strictObject({
  fargate_vcpu_hour: z.number().nonnegative().optional(),
  fargate_gb_hour: z.number().nonnegative().optional(),
  rds: z
    .record(
      z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, 'must be an RDS instance class like db.t4g.micro'),
      z.number().nonnegative(),
    )
    .default({}),
});

export const environmentSchema = z
  .strictObject({
    region: region.optional(),
    role_arn: roleArn.optional(),
    external_id: z.string().min(2).max(1224).optional(),
    /** Status and alarms only; nothing can stop or start it from infrabot. */
    protected: z.boolean().default(false),
    description: z.string().max(200).optional(),
    select: z.strictObject({ tags }).optional(),
    ecs: z
      .array(z.strictObject({ cluster: z.string().min(1), services: z.array(z.string().min(1)).optional() }))
      .default([]),
    rds: z
      .strictObject({
        instances: z.array(z.string().min(1)).default([]),
        clusters: z.array(z.string().min(1)).default([]),
      })
      .default({ instances: [], clusters: [] }),
    /** Where infrabot posts about this environment: schedule warnings, notices, scheduled progress. */
    channel: channelId.optional(),
    schedule: z
      .strictObject({
        start: cron.optional(),
        stop: cron.optional(),
        timezone: timezone.optional(),
        warn_before: duration.default('15m'),
        /** Days (in the schedule's time zone) without a scheduled start: the environment stays off. */
        skip_dates: z.array(isoDate).default([]),
        /** How long an on-demand `start` during off-hours keeps the environment up. */
        on_demand_keep: duration.default('2h'),
        /** Postpone a scheduled stop while this metric says the environment is in use. */
        activity: activitySignal.optional(),
      })
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.schedule && !env.schedule.start && !env.schedule.stop) {
      ctx.addIssue({
        code: 'custom',
        path: ['schedule'],
        message: 'needs a `start` or a `stop` cron expression',
      });
    }
  });

const alertRoute = z.strictObject({
  match: z
    .strictObject({
      environment: z.string().optional(),
      tags: tags.optional(),
      alarm_prefix: z.string().optional(),
    })
    .refine((m) => m.environment || m.tags || m.alarm_prefix, {
      message: 'needs at least one of environment, tags, alarm_prefix',
    }),
  channel: channelId,
});

export const configSchema = z.strictObject({
  timezone: timezone.default('UTC'),
  environments: z
    .record(
      z
        .string()
        .regex(
          /^[a-z][a-z0-9-]{0,30}$/,
          'environment names are lower-case letters, digits and dashes, e.g. dev',
        ),
      environmentSchema,
    )
    .default({}),
  alerts: z
    .strictObject({
      channel: channelId,
      routes: z.array(alertRoute).default([]),
      queue_url: z.url().optional(),
      /** Alarms of one environment firing within this window share one incident and thread. */
      group_window: durationOrOff.default('2m'),
      /** A new ALARM this soon after a resolve reopens the same thread instead of a new one. */
      reopen_window: durationOrOff.default('30m'),
      /** Reminder in the thread while an incident stays in ALARM unacknowledged. */
      remind_every: durationOrOff.default('30m'),
      /** Upload a metric graph (GetMetricWidgetImage) into each new thread. */
      graphs: z.boolean().default(true),
    })
    .optional(),
  access: z
    .strictObject({
      /** Who may read (status, alarms, audit). Empty: everyone in an allowed channel. */
      viewers: z.array(userOrGroupId).default([]),
      /** Who may stop/start environments and request changes. */
      operators: z.array(userOrGroupId).default([]),
      /** Who may do everything, including protected-environment overrides of schedules. */
      admins: z.array(userOrGroupId).default([]),
      /** Channels where /infra may be used. Empty: any channel. */
      channels: z.array(channelId).default([]),
      /** Where every audited action is also posted. */
      audit_channel: channelId.optional(),
    })
    .default({ viewers: [], operators: [], admins: [], channels: [] }),
  savings: z
    .strictObject({
      /** Where the weekly savings digest goes (Mondays 09:00 in the config's time zone). */
      digest_channel: channelId.optional(),
      digest_cron: cron.default('0 9 * * 1'),
      /** Per-region price overrides, e.g. for a discount or a region missing from the table. */
      prices: z.record(region, regionPrices).default({}),
    })
    .default({ digest_cron: '0 9 * * 1', prices: {} }),
  changes: z
    .strictObject({
      repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name, e.g. acme/infra'),
      base: z.string().min(1).default('main'),
      path: z.string().default(''),
      /** GitHub logins, and teams as `org/team-slug` (requested as team reviewers). */
      reviewers: z
        .array(
          z
            .string()
            .regex(
              /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9_.-]+)?$/,
              'must be a GitHub login or org/team-slug',
            ),
        )
        .default([]),
      labels: z.array(z.string().min(1).max(50)).default(['infrabot']),
      /** Folder in the repo whose `<kind>.tf.tmpl` files replace infrabot's templates. */
      templates_path: z.string().default('.infrabot/templates'),
    })
    .optional(),
});

export type Config = z.infer<typeof configSchema>;
export type EnvironmentConfig = z.infer<typeof environmentSchema>;
