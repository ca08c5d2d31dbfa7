/**
 * Ack latency of `/infra help` over HTTP (signed requests, 20 in flight) for infrabot and, in the
 * same run, for a bare Bolt app that only acks; plus start-to-ready and idle RSS of both.
 * The two alternate over ROUNDS rounds of PER_ROUND requests each (which goes first alternates
 * too), and the verdict is on the median of the per-round ratios, printed with their spread, so
 * one noisy round on a shared machine can't decide it.
 * Targets (issues #2, #7): p50 and p99 ratio ≤ 1.2, ready ≤ 1 s, idle RSS ≤ 130 MB.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSlackEmulator } from '../sandbox/emulators/slack/index.js';
import { type ChildServer, startChildServer } from './lib/child-server.js';
import { slashCommandLoad } from './lib/load.js';
import { ms, ratio, ratioOverRounds, roundsRow, row, summarize } from './lib/stats.js';

const SECRET = 'bench-signing-secret-0123456789';
const TOKEN = 'xoxb-1-2-benchtokenbenchtoken';
const PER_ROUND = 2_000;
const CONCURRENCY = 20;
const ROUNDS = 7;

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
    const perRound = { p50: [] as number[], p99: [] as number[] };
    const load = (port: number) =>
      slashCommandLoad({ port, secret: SECRET, text: 'help', total: PER_ROUND, concurrency: CONCURRENCY });
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate who goes first, so a slow phase of the machine does not always hit the same one.
      const botFirst = round % 2 === 1;
      const first = await load(botFirst ? bot.port : bare.port);
      const second = await load(botFirst ? bare.port : bot.port);
      const [botRound, bareRound] = botFirst ? [first, second] : [second, first];
      samples.bot.push(...botRound);
      samples.bare.push(...bareRound);
      const x = summarize(botRound);
      const y = summarize(bareRound);
      perRound.p50.push(ratio(x.p50, y.p50));
      perRound.p99.push(ratio(x.p99, y.p99));
    }
    const a = summarize(samples.bot);
    const b = summarize(samples.bare);
    return [
      `/infra help ack latency (${ROUNDS} rounds × ${PER_ROUND} requests each, alternating, ${CONCURRENCY} concurrent, HTTP on 127.0.0.1) — infrabot vs bare Bolt`,
      roundsRow('p50', ratioOverRounds(perRound.p50), ROUNDS, 1.2),
      roundsRow('p99', ratioOverRounds(perRound.p99), ROUNDS, 1.2),
      `${'per-round p50 ratios'.padEnd(28)} ${perRound.p50.map((r) => r.toFixed(2)).join(' ')}`,
      `${'per-round p99 ratios'.padEnd(28)} ${perRound.p99.map((r) => r.toFixed(2)).join(' ')}`,
      `all ${ROUNDS * PER_ROUND} requests pooled:`,
      row('p50', ms(a.p50), ms(b.p50), ratio(a.p50, b.p50)),
      row('p90', ms(a.p90), ms(b.p90), ratio(a.p90, b.p90)),
      row('p99', ms(a.p99), ms(b.p99), ratio(a.p99, b.p99)),
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
