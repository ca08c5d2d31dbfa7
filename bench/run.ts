/** `npm run bench`: every benchmark, each printing its figures next to a baseline measured in the same run. */

import { benchAlertStorm } from './alert-storm.bench.js';
import { benchIncidentContext } from './incident-context.bench.js';
import { benchPullRequest } from './pull-request.bench.js';
import { benchSchedule } from './schedule.bench.js';
import { benchSlackAck } from './slack-ack.bench.js';

const benches: Array<[string, () => Promise<string[]>]> = [
  ['slack ack', benchSlackAck],
  ['pull request (/infra add)', benchPullRequest],
  ['schedule: stop/start of 40 services + 6 databases, tick accuracy', benchSchedule],
  ['alarm storm', benchAlertStorm],
  ['incident context', benchIncidentContext],
];

let failed = false;
for (const [name, run] of benches) {
  const started = performance.now();
  try {
    const lines = await run();
    console.log(`\n== ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    for (const line of lines) console.log(line);
  } catch (error) {
    failed = true;
    console.error(`\n== ${name} FAILED: ${(error as Error).stack}`);
  }
}
process.exitCode = failed ? 1 : 0;
