/**
 * Incident context (issue 11) against the emulators, in-process, through the real SDK clients:
 *   - incident open → "what changed" built and posted in its thread (200 incidents, p50/p99;
 *     target p99 ≤ 3 s), next to a baseline measured in the same run: the bare AWS reads it
 *     rests on (one DescribeServices per cluster) plus one chat.postMessage;
 *   - Logs Insights bytes scanned per "errors" query for the default 30-minute window over the
 *     sandbox's seeded dev/api log group (emulated: the emulator counts each event's bytes + 26,
 *     as CloudWatch Logs meters ingestion), and for a 24-hour window.
 */
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { WebClient } from '@slack/web-api';
import { seedDemoWorld, seedIncidentStory, startAwsEmulator } from '../sandbox/emulators/aws/index.js';
import { startSlackEmulator } from '../sandbox/emulators/slack/index.js';
import { AwsClientFactory } from '../src/aws/aws-clients.js';
import { postIncidentContext } from '../src/commands/incident-context-posts.js';
import { parseConfigText } from '../src/config/load-config.js';
import { createLogger } from '../src/logger.js';
import { buildServices } from '../src/services.js';
import { SlackPublisher } from '../src/slack/slack-publisher.js';
import { openStore } from '../src/store/open-store.js';
import { ms, ratio, row, summarize } from './lib/stats.js';

const INCIDENTS = 200;
const TOKEN = 'xoxb-1-2-benchtokenbenchtoken';
const CONFIG = `
timezone: Asia/Tokyo
environments:
  dev:
    region: ap-northeast-1
    ecs: [{ cluster: dev }]
  bench:
    region: ap-northeast-1
    ecs: [{ cluster: bench-a }, { cluster: bench-b }]
alerts:
  channel: C0ALERTS
`;

export async function benchIncidentContext(): Promise<string[]> {
  process.env.AWS_ACCESS_KEY_ID = 'AKIAINFRABOTBENCH001';
  process.env.AWS_SECRET_ACCESS_KEY = 'bench-secret';
  const aws = await startAwsEmulator({ ecsThrottle: false });
  const slack = await startSlackEmulator({
    botToken: TOKEN,
    signingSecret: 'bench-secret-0123456789',
    rateLimits: false,
  });
  const store = await openStore('memory');
  try {
    const world = aws.world;
    seedDemoWorld(world);
    seedIncidentStory(world);
    // A 20-service environment, 3 of its services deployed within the hour.
    for (const cluster of ['bench-a', 'bench-b']) {
      world.addEcsCluster({ name: cluster });
      for (let i = 0; i < 10; i++)
        world.addEcsService({ cluster, name: `svc-${i}`, desiredCount: 2, createdAgoMs: 86_400_000 });
    }
    for (const [cluster, name] of [
      ['bench-a', 'svc-1'],
      ['bench-a', 'svc-7'],
      ['bench-b', 'svc-3'],
    ] as const)
      world.deployService(cluster, name);

    const channels = Array.from({ length: INCIDENTS }, (_, i) => `C0BENCH${String(i).padStart(4, '0')}`);
    for (const id of channels) slack.addChannel({ id, name: id.toLowerCase() });
    const client = new WebClient(TOKEN, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true });
    const logger = createLogger({ level: 'silent' });
    const publisher = new SlackPublisher({ client, logger });
    const services = buildServices({
      config: parseConfigText(CONFIG, 'bench.yml'),
      store,
      logger,
      region: 'ap-northeast-1',
      aws: new AwsClientFactory({ endpoint: aws.url }),
      clock: { now: () => new Date(aws.clock.now()) },
      publisher,
    });
    const ecs = new ECSClient({ endpoint: aws.url, region: 'ap-northeast-1', maxAttempts: 1 });

    const parents = [];
    for (const channel of channels)
      parents.push(await publisher.post(channel, { parts: [{ type: 'text', text: '🔴 ALARM bench' }] }));
    // Warm-up: SDK modules loaded, connections open.
    await postIncidentContext(services, {
      id: 'inc-warm00',
      environment: 'bench',
      openedAt: new Date(aws.clock.now()),
      thread: parents[0]!,
    });

    const built: number[] = [];
    const baseline: number[] = [];
    let deployments = 0;
    for (let i = 0; i < INCIDENTS; i++) {
      const t0 = performance.now();
      const posted = await postIncidentContext(services, {
        id: `inc-b${String(i).padStart(5, '0')}`,
        environment: 'bench',
        openedAt: new Date(aws.clock.now()),
        thread: parents[i]!,
      });
      built.push(performance.now() - t0);
      deployments = posted.changes?.items.filter((c) => c.kind === 'deployment').length ?? 0;
      const b0 = performance.now();
      await Promise.all(
        ['bench-a', 'bench-b'].map((cluster) =>
          ecs.send(
            new DescribeServicesCommand({
              cluster,
              services: Array.from({ length: 10 }, (_, k) => `svc-${k}`),
            }),
          ),
        ),
      );
      await publisher.postInThread(parents[i]!, { parts: [{ type: 'text', text: 'baseline' }] });
      baseline.push(performance.now() - b0);
    }
    const s = summarize(built);
    const b = summarize(baseline);

    // Bytes scanned per errors query (default window), over the sandbox story's log group.
    aws.clock.advance(10 * 60_000);
    const incidents = services.incidents!;
    const byWindow: string[] = [];
    for (const [label, since] of [
      ['default 30 min', undefined],
      ['24 h', new Date(aws.clock.now() - 86_400_000)],
    ] as const) {
      const result = await incidents.recentErrors('dev', 'api', since ? { since } : {});
      const stats = 'statistics' in result ? result.statistics : undefined;
      byWindow.push(
        `errors query, ${label.padEnd(15)} ${stats ? `${stats.bytesScanned.toLocaleString('en-US')} bytes scanned, ${stats.recordsScanned} records, ${stats.recordsMatched} matched (${result.kind})` : result.kind}  [emulated]`,
      );
    }

    return [
      `environment: 20 ECS services in 2 clusters, ${deployments} deployed within the hour; ${INCIDENTS} incidents, one thread each`,
      row('open → what changed, p50', ms(s.p50), ms(b.p50), ratio(s.p50, b.p50)),
      row('open → what changed, p99', ms(s.p99), ms(b.p99), ratio(s.p99, b.p99)),
      `p99 target ≤ 3000 ms: ${s.p99 <= 3_000 ? '✓' : '✗'} (${ms(s.p99)}); baseline = DescribeServices per cluster + one chat.postMessage`,
      ...byWindow,
    ];
  } finally {
    await store.close();
    await slack.close();
    await aws.close();
  }
}
