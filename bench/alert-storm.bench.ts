/**
 * Alarm storm (issue #8): 1,000 state changes across 200 alarms of 4 environments, all routed to
 * one channel, sent over 60 s compressed 3× into 20 s, through the emulated SQS queue into the real
 * bot, against the Slack emulator enforcing its rate limits. Baseline in the same run: a naive
 * consumer posting one message per event (WebClient defaults: waits out 429s) on the same events.
 * Also: one alarm on an idle bot, queue receive → chat.postMessage latency.
 * Targets: 0 × 429, Slack calls ≤ 10 % of events, all visible ≤ 30 s after the storm, 0 lost or
 * duplicated, idle p99 ≤ 100 ms.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { WebClient } from '@slack/web-api';
import { type AwsEmulator, startAwsEmulator } from '../sandbox/emulators/aws/index.js';
import { type SlackEmulator, startSlackEmulator } from '../sandbox/emulators/slack/index.js';
import type { Incident } from '../src/alerts/incident.js';
import { createLogger } from '../src/logger.js';
import { type RunningBot, serve } from '../src/main.js';
import { ms, summarize } from './lib/stats.js';

const TOKEN = 'xoxb-1-2-benchtokenbenchtoken';
const SECRET = 'bench-signing-secret-0123456789';
const ENVS = ['dev', 'staging', 'qa', 'prod'] as const;
const ALARMS = 200;
const EVENTS = 1_000;
const STORM_MS = 20_000;
const IDLE_SAMPLES = 30;

const config = (groupWindow: string) => `
timezone: Asia/Tokyo
environments:
${ENVS.map((e) => `  ${e}: { region: ap-northeast-1 }`).join('\n')}
alerts:
  channel: C0ALERTS
  group_window: '${groupWindow}'
  remind_every: 'off'
`;

const SLACK_WRITES = new Set([
  'chat.postMessage',
  'chat.update',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
]);

async function startBot(aws: AwsEmulator, slack: SlackEmulator, queueUrl: string, groupWindow: string) {
  return serve({
    env: {
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      INFRABOT_STORE: 'memory',
      INFRABOT_CONFIG_YAML: config(groupWindow),
      INFRABOT_ALARM_QUEUE_URL: queueUrl,
      AWS_REGION: 'ap-northeast-1',
      AWS_ENDPOINT_URL: aws.url,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
    },
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'error', secrets: [TOKEN] }),
  });
}

const sleep = (n: number) => new Promise((r) => setTimeout(r, n));

/** A deterministic storm: each alarm alternates ALARM/OK, the 1,000 changes interleaved at random. */
function stormPlan(): string[] {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const names = Array.from({ length: ALARMS }, (_, i) => `${ENVS[i % ENVS.length]}-svc${i}-cpu`);
  const plan = names.flatMap((n) => Array.from({ length: EVENTS / ALARMS }, () => n));
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [plan[i], plan[j]] = [plan[j]!, plan[i]!];
  }
  return plan;
}

function addAlarms(aws: AwsEmulator): void {
  for (let i = 0; i < ALARMS; i++) {
    const env = ENVS[i % ENVS.length]!;
    aws.world.addAlarm({
      name: `${env}-svc${i}-cpu`,
      namespace: 'AWS/ECS',
      metricName: 'CPUUtilization',
      dimensions: { ClusterName: env, ServiceName: `svc${i}` },
      threshold: 80,
      evaluationPeriods: 3,
      unit: 'Percent',
      tags: { Environment: env, Service: `svc${i}` },
    });
  }
}

/** Sends the storm by flipping alarms in the emulator (each flip is one EventBridge event on the queue). */
async function runStorm(aws: AwsEmulator): Promise<string[]> {
  const plan = stormPlan();
  const state = new Map<string, 'ALARM' | 'OK'>();
  const bodies: string[] = [];
  const started = Date.now();
  for (const [i, name] of plan.entries()) {
    const due = started + (i * STORM_MS) / EVENTS;
    if (due > Date.now()) await sleep(due - Date.now());
    const next = state.get(name) === 'ALARM' ? 'OK' : 'ALARM';
    state.set(name, next);
    aws.world.setAlarmState(name, next);
  }
  for (const e of aws.world.events().slice(-EVENTS)) bodies.push(JSON.stringify(e.event));
  return bodies;
}

async function settled(bot: RunningBot, aws: AwsEmulator, queue: string): Promise<boolean> {
  if ((aws.world.queue(queue)?.messages.length ?? 1) > 0) return false;
  const items = await bot.store.query<{ incidentId: string }>('incidents-open');
  const ids = new Set<string>();
  for (let i = 0; i < ALARMS; i++) {
    const env = ENVS[i % ENVS.length];
    const p = await bot.store.get<{ incidentId: string }>({
      pk: `alarm#111111111111/ap-northeast-1/${env}-svc${i}-cpu`,
      sk: 'current',
    });
    if (!p) return false;
    ids.add(p.value.incidentId);
  }
  void items;
  for (const id of ids) {
    const inc = (await bot.store.get<Incident>({ pk: `incident#${id}`, sk: 'incident' }))?.value;
    if (!inc?.thread || inc.pending.length > 0 || inc.parentRevision < inc.revision) return false;
  }
  return true;
}

async function incidentsOf(bot: RunningBot): Promise<Incident[]> {
  const ids = new Set<string>();
  for (let i = 0; i < ALARMS; i++) {
    const env = ENVS[i % ENVS.length];
    const p = await bot.store.get<{ incidentId: string }>({
      pk: `alarm#111111111111/ap-northeast-1/${env}-svc${i}-cpu`,
      sk: 'current',
    });
    if (p) ids.add(p.value.incidentId);
  }
  const out: Incident[] = [];
  for (const id of ids) {
    const inc = (await bot.store.get<Incident>({ pk: `incident#${id}`, sk: 'incident' }))?.value;
    if (inc) out.push(inc);
  }
  return out;
}

function transitionLines(slack: SlackEmulator): number {
  let lines = 0;
  for (const parent of slack.channelHistory('C0ALERTS')) {
    for (const reply of slack.thread('C0ALERTS', parent.ts).slice(1)) {
      const many = /^\*(\d+) state changes\*/.exec(reply.text);
      if (many) lines += Number(many[1]);
      else if (/^(🔴|🟢|🟡) \*/.test(reply.text)) lines += 1;
    }
  }
  return lines;
}

async function stormWithInfrabot(): Promise<string[]> {
  const aws = await startAwsEmulator();
  const slack = await startSlackEmulator({ botToken: TOKEN, signingSecret: SECRET });
  slack.addChannel({ id: 'C0ALERTS', name: 'alerts' });
  const q = aws.world.addQueue({ name: 'infrabot-alarms', attributes: { VisibilityTimeout: '60' } });
  addAlarms(aws);
  const bot = await startBot(aws, slack, q.url, '2m');
  try {
    await runStorm(aws);
    const end = Date.now();
    let visibleAfter = Number.NaN;
    while (Date.now() - end < 120_000) {
      if (await settled(bot, aws, 'infrabot-alarms')) {
        visibleAfter = Date.now() - end;
        break;
      }
      await sleep(100);
    }
    const incidents = await incidentsOf(bot);
    const done = incidents.flatMap((i) => i.done);
    const unique = new Set(done);
    const calls = slack.calls.filter((c) => SLACK_WRITES.has(c.method));
    const limited = slack.calls.filter((c) => c.status === 429);
    const rate429 = limited.length;
    const limitedMethods = [...new Set(limited.map((c) => c.method))].join(', ');
    const parents = slack.channelHistory('C0ALERTS').length;
    const lines = transitionLines(slack);
    const covered = done.length - lines;
    return [
      `infrabot: ${EVENTS} events → ${incidents.length} incidents (${parents} parents)`,
      `  Slack calls ${calls.length} (${((calls.length / EVENTS) * 100).toFixed(1)} % of events; target ≤ 10 %) · 429s ${rate429}${rate429 ? ` (${limitedMethods})` : ''} (target 0)`,
      `  every transition visible ${Number.isNaN(visibleAfter) ? 'NOT within 120 s' : `${(visibleAfter / 1000).toFixed(1)} s`} after the storm (target ≤ 30 s)`,
      `  lost ${EVENTS - unique.size} · duplicated ${done.length - unique.size + Math.max(0, parents - incidents.length)} (thread lines ${lines}, shown by parents ${covered})`,
    ];
  } finally {
    await bot.stop();
    await slack.close();
    await aws.close();
  }
}

/** The naive consumer: one chat.postMessage per event, WebClient's own 429 handling, delete after. */
async function stormNaive(): Promise<string[]> {
  const aws = await startAwsEmulator();
  const slack = await startSlackEmulator({ botToken: TOKEN, signingSecret: SECRET });
  slack.addChannel({ id: 'C0ALERTS', name: 'alerts' });
  const q = aws.world.addQueue({ name: 'infrabot-alarms', attributes: { VisibilityTimeout: '600' } });
  addAlarms(aws);
  const sqs = new SQSClient({
    region: 'ap-northeast-1',
    endpoint: aws.url,
    credentials: { accessKeyId: 'b', secretAccessKey: 'b' },
  });
  const web = new WebClient(TOKEN, { slackApiUrl: slack.apiUrl, logLevel: undefined });
  let stop = false;
  let posted = 0;
  const consumer = (async () => {
    while (!stop) {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: q.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      await Promise.all(
        (out.Messages ?? []).map(async (m) => {
          const e = JSON.parse(m.Body ?? '{}') as { detail: { alarmName: string; state: { value: string } } };
          await web.chat.postMessage({
            channel: 'C0ALERTS',
            text: `${e.detail.state.value} ${e.detail.alarmName}`,
          });
          posted++;
          await sqs.send(new DeleteMessageCommand({ QueueUrl: q.url, ReceiptHandle: m.ReceiptHandle }));
        }),
      );
    }
  })().catch(() => undefined);
  try {
    await runStorm(aws);
    const end = Date.now();
    const cutoff = 30_000;
    while (posted < EVENTS && Date.now() - end < cutoff) await sleep(100);
    const after = Date.now() - end;
    const calls = slack.calls.filter((c) => SLACK_WRITES.has(c.method)).length;
    const rate429 = slack.calls.filter((c) => c.status === 429).length;
    const rate = posted / ((STORM_MS + after) / 1000);
    return [
      `naive:    ${EVENTS} events → ${posted} posts visible ${(after / 1000).toFixed(1)} s after the storm${posted < EVENTS ? ` (cut off; at ${rate.toFixed(1)}/s the rest needs ≈ ${((EVENTS - posted) / rate).toFixed(0)} s more)` : ''}`,
      `  Slack calls ${calls} (${((calls / EVENTS) * 100).toFixed(1)} % of events) · 429s ${rate429}`,
    ];
  } finally {
    stop = true;
    await Promise.race([consumer, sleep(2_000)]);
    await slack.close();
    await aws.close();
  }
}

/** Resolves once Slack has seen no call for `ms`. */
async function quiet(slack: { calls: unknown[] }, ms: number): Promise<void> {
  let count = slack.calls.length;
  for (;;) {
    await sleep(ms);
    if (slack.calls.length === count) return;
    count = slack.calls.length;
  }
}

/** One alarm at a time on an idle bot: from the event landing on the queue (the long poll returns at once) to chat.postMessage. */
export async function idleLatency(): Promise<string[]> {
  const aws = await startAwsEmulator();
  const slack = await startSlackEmulator({ botToken: TOKEN, signingSecret: SECRET, rateLimits: false });
  slack.addChannel({ id: 'C0ALERTS', name: 'alerts' });
  const q = aws.world.addQueue({ name: 'infrabot-alarms', attributes: { VisibilityTimeout: '60' } });
  addAlarms(aws);
  const bot = await startBot(aws, slack, q.url, 'off');
  const naive = new WebClient(TOKEN, { slackApiUrl: slack.apiUrl });
  try {
    const bot_ = [] as number[];
    // The first alarm loads the AWS SDK clients (lazily, by design): warm up, then measure.
    for (let i = -2; i < IDLE_SAMPLES; i++) {
      const n = i + 2;
      const env = ENVS[n % ENVS.length];
      const before = slack.calls.length;
      // Idle: the previous incident's thread replies (graph, what changed, errors) are out and the
      // channel pacer (0.95 post/s, burst 3) has its full burst back before each alarm.
      await quiet(slack, 300);
      await sleep(3_300);
      const sent = Date.now();
      const alarm = `${env}-svc${n}-cpu`;
      aws.world.setAlarmState(alarm, 'ALARM');
      // This alarm's own parent: an earlier incident's thread replies (what changed, errors) may
      // still be arriving and are not what is measured.
      const isParent = (c: (typeof slack.calls)[number]) =>
        c.method === 'chat.postMessage' && c.at >= sent && JSON.stringify(c).includes(alarm);
      while (!slack.calls.slice(before).some(isParent)) await sleep(1);
      const post = slack.calls.slice(before).find(isParent)!;
      if (i >= 0) bot_.push(post.at - sent);
    }
    // Baseline: the floor, one bare chat.postMessage from the same process.
    const floor = [] as number[];
    for (let i = 0; i < IDLE_SAMPLES; i++) {
      const t = Date.now();
      await naive.chat.postMessage({ channel: 'C0ALERTS', text: 'x' });
      floor.push(Date.now() - t);
    }
    const b = summarize(bot_);
    const f = summarize(floor);
    return [
      `idle: queue → chat.postMessage p50 ${ms(b.p50)} p99 ${ms(b.p99)} (target p99 ≤ 100 ms; n=${b.n})`,
      `  baseline: a bare chat.postMessage round trip p50 ${ms(f.p50)} p99 ${ms(f.p99)}`,
    ];
  } finally {
    await bot.stop();
    await slack.close();
    await aws.close();
  }
}

export async function benchAlertStorm(): Promise<string[]> {
  const latency = await idleLatency();
  const ours = await stormWithInfrabot();
  const naive = await stormNaive();
  return [...ours, ...naive, ...latency];
}
