import { it } from 'vitest';
import { messageToPlainText } from '../../../src/commands/message.js';
import { renderStatus } from '../../../src/environments/render-status.js';
import { runToEnd, startHarness } from '../support/harness.js';

it('shows', async () => {
  const h = await startHarness({
    config: `
timezone: Asia/Tokyo
environments:
  dev:
    ecs: [{ cluster: dev, services: [api, worker, ghost] }]
    rds: { instances: [dev-db, reports-db, reports-db-replica] }
`,
    seed: (world) => {
      world.addEcsCluster({ name: 'dev' });
      world.addEcsService({ cluster: 'dev', name: 'api', desiredCount: 2 });
      world.addEcsService({ cluster: 'dev', name: 'worker', desiredCount: 1 });
      world.addScalableTarget({ cluster: 'dev', service: 'api', minCapacity: 2, maxCapacity: 6 });
      world.addDbInstance({ id: 'dev-db', engine: 'postgres' });
      world.addDbInstance({ id: 'reports-db', engine: 'postgres' });
      world.addDbInstance({ id: 'reports-db-replica', replicaSourceId: 'reports-db' });
    },
  });
  h.deny.deny({ action: 'UpdateService', bodyIncludes: '"worker"', iamAction: 'ecs:UpdateService' });
  const steps = await runToEnd(await h.service.run('dev', 'stop', '<@U1>'));
  for (const s of steps.slice(0, -1)) console.log('…', s.title);
  console.log(messageToPlainText(steps.at(-1)!));
  console.log('----');
  console.log(messageToPlainText(renderStatus(await h.service.status('dev'), new Date(h.emulator.clock.now()))));
  h.deny.clear();
  const steps2 = await runToEnd(await h.service.run('dev', 'stop', '<@U1>'));
  console.log(messageToPlainText(steps2.at(-1)!));
  const steps3 = await runToEnd(await h.service.run('dev', 'start', '<@U1>'));
  for (const s of steps3.slice(0, -1)) console.log('…', s.title);
  console.log(messageToPlainText(steps3.at(-1)!));
  await h.close();
});
