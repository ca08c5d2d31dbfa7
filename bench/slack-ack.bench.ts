/**
 * Ack latency of `/infra help` over HTTP (1,000 signed requests, 20 in flight) for infrabot and,
 * in the same run, for a bare Bolt app that only acks; plus start-to-ready and idle RSS of both.
 * Targets (issue #2): p50 and p99 ratio ≤ 1.2, ready ≤ 1 s, idle RSS ≤ 130 MB.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSlackEmulator } from '../sandbox/emulators/slack/index.js';
import { type ChildServer, startChildServer } from './lib/child-server.js';
import { slashCommandLoad } from './lib/load.js';
import { ms, ratio, row, summarize } from './lib/stats.js';

const SECRET = 'bench-signing-secret-0123456789';
const TOKEN = 'xoxb-1-2-benchtokenbenchtoken';
const TOTAL = 1_000;
const CONCURRENCY = 20;
const ROUNDS = 2;

export async function benchSlackAck(): Promise<string[]> {
  const slack = await startSlackEmulator({ botToken: TOKEN, signingSecret: SECRET, rateLimits: false });
  const config = readFileSync(new URL('../infrabot.example.yml', import.meta.url), 'utf8');
  const env = { PATH: process.env.PATH, SLACK_SIGNING_SECRET: SECRET, NODE_ENV: 'production' };
  const servers: ChildServer[] = [];
  try {
    const bare = await startChildServer(
      [fileURLToPath(new URL('./fixtures/bare-bolt.mjs', import.meta.url))],
      env,
    );
    servers.push(bare);
    const bot = await startChildServer(
      [fileURLToPath(new URL('../bin/infrabot.js', import.meta.url)), 'serve'],
      {
        ...env,
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_API_URL: slack.apiUrl,
        INFRABOT_STORE: 'memory',
        INFRABOT_CONFIG_YAML: config,
        AWS_REGION: 'ap-northeast-1',
        LOG_LEVEL: 'info',
      },
    );
    servers.push(bot);
    await new Promise((r) => setTimeout(r, 1_000));
    const idle = { bare: bare.rssMb(), bot: bot.rssMb() };

    // Warm both (JIT, connection pools), then alternate rounds so drift on a noisy machine hits both.
    for (const s of [bare, bot])
      await slashCommandLoad({
        port: s.port,
        secret: SECRET,
        text: 'help',
        total: 200,
        concurrency: CONCURRENCY,
      });
    const samples = { bare: [] as number[], bot: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      samples.bare.push(
        ...(await slashCommandLoad({
          port: bare.port,
          secret: SECRET,
          text: 'help',
          total: TOTAL / ROUNDS,
          concurrency: CONCURRENCY,
        })),
      );
      samples.bot.push(
        ...(await slashCommandLoad({
          port: bot.port,
          secret: SECRET,
          text: 'help',
          total: TOTAL / ROUNDS,
          concurrency: CONCURRENCY,
        })),
      );
    }
    const a = summarize(samples.bot);
    const b = summarize(samples.bare);
    return [
      `/infra help ack latency (${TOTAL} requests, ${CONCURRENCY} concurrent, HTTP on 127.0.0.1) — infrabot vs bare Bolt`,
      row('p50', ms(a.p50), ms(b.p50), ratio(a.p50, b.p50), 1.2),
      row('p90', ms(a.p90), ms(b.p90), ratio(a.p90, b.p90)),
      row('p99', ms(a.p99), ms(b.p99), ratio(a.p99, b.p99), 1.2),
      row('mean', ms(a.mean), ms(b.mean), ratio(a.mean, b.mean)),
      row('start to ready (healthz)', ms(bot.readyMs), ms(bare.readyMs), ratio(bot.readyMs, bare.readyMs)),
      `${''.padEnd(28)} target: infrabot ready ≤ 1000 ms → ${bot.readyMs <= 1_000 ? '✓' : '✗'}`,
      row('idle RSS', `${idle.bot.toFixed(1)} MB`, `${idle.bare.toFixed(1)} MB`, ratio(idle.bot, idle.bare)),
      `${''.padEnd(28)} target: infrabot idle RSS ≤ 130 MB → ${idle.bot <= 130 ? '✓' : '✗'}`,
    ];
  } finally {
    for (const s of servers) await s.stop();
    await slack.close();
  }
}
