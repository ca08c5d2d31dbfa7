import type { World } from './world.js';

const RUNBOOKS = 'https://runbooks.example.com';

const MINUTE = 60_000;
/** The services were last deployed days ago; only the deployment below is recent. */
const LONG_AGO_MS = 3 * 24 * 60 * MINUTE;
const BREAKER = { enable: true, rollback: true };

/**
 * The demo world of the local sandbox and of end-to-end tests: two environments, `dev` and
 * `staging`, each with ECS services, databases and alarms, tagged `Environment=<env>`, plus the
 * alarm queue (with its DLQ) the bot reads. It includes the cases the bot must handle with care:
 * an autoscaled service, a read replica that cannot be stopped, an Aurora cluster that is stopped
 * per cluster.
 */
export function seedDemoWorld(world: World): void {
  for (const env of ['dev', 'staging'] as const) {
    world.addEcsCluster({ name: env, tags: { Environment: env } });
  }
  world.addEcsService({
    cluster: 'dev',
    name: 'api',
    createdAgoMs: LONG_AGO_MS,
    circuitBreaker: BREAKER,
    desiredCount: 2,
    tags: { Environment: 'dev', Service: 'api' },
  });
  world.addEcsService({
    cluster: 'dev',
    name: 'worker',
    createdAgoMs: LONG_AGO_MS,
    circuitBreaker: BREAKER,
    desiredCount: 1,
    tags: { Environment: 'dev', Service: 'worker' },
  });
  world.addEcsService({
    cluster: 'staging',
    name: 'api',
    createdAgoMs: LONG_AGO_MS,
    circuitBreaker: BREAKER,
    desiredCount: 1,
    tags: { Environment: 'staging', Service: 'api' },
  });
  world.addEcsService({
    cluster: 'staging',
    name: 'worker',
    createdAgoMs: LONG_AGO_MS,
    circuitBreaker: BREAKER,
    desiredCount: 1,
    tags: { Environment: 'staging', Service: 'worker' },
  });
  world.addScalableTarget({
    cluster: 'dev',
    service: 'api',
    minCapacity: 2,
    maxCapacity: 6,
    policies: [
      {
        name: 'dev-api-cpu-target',
        targetValue: 60,
        predefinedMetricType: 'ECSServiceAverageCPUUtilization',
      },
    ],
  });

  world.addDbInstance({
    id: 'dev-db',
    engine: 'postgres',
    engineVersion: '16.4',
    instanceClass: 'db.t4g.medium',
    tags: { Environment: 'dev' },
  });
  // dev-db has no replica, so the demo `stop dev` really stops a database. The replica case (neither
  // a replica nor its source can be stopped) lives on a reporting database of its own.
  world.addDbInstance({
    id: 'dev-reports',
    engine: 'postgres',
    engineVersion: '16.4',
    instanceClass: 'db.t4g.small',
    tags: { Environment: 'dev' },
  });
  world.addDbInstance({
    id: 'dev-reports-replica',
    replicaSourceId: 'dev-reports',
    tags: { Environment: 'dev' },
  });
  world.addDbCluster({
    id: 'staging-aurora',
    engine: 'aurora-postgresql',
    engineVersion: '16.4',
    instances: ['staging-aurora-1'],
    instanceClass: 'db.r6g.large',
    tags: { Environment: 'staging' },
  });

  world.addAlarm({
    name: 'dev-api-cpu-high',
    description: `CPU of ECS service dev/api above 80 % for 3 minutes. Runbook: ${RUNBOOKS}/ecs-cpu-high`,
    namespace: 'AWS/ECS',
    metricName: 'CPUUtilization',
    dimensions: { ClusterName: 'dev', ServiceName: 'api' },
    statistic: 'Average',
    period: 60,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 80,
    comparisonOperator: 'GreaterThanThreshold',
    unit: 'Percent',
    tags: { Environment: 'dev', Service: 'api' },
  });
  world.addAlarm({
    name: 'dev-db-connections',
    description: `More than 80 connections on dev-db for 5 minutes. Runbook: ${RUNBOOKS}/rds-connections`,
    namespace: 'AWS/RDS',
    metricName: 'DatabaseConnections',
    dimensions: { DBInstanceIdentifier: 'dev-db' },
    statistic: 'Maximum',
    period: 300,
    evaluationPeriods: 1,
    threshold: 80,
    comparisonOperator: 'GreaterThanThreshold',
    unit: 'Count',
    tags: { Environment: 'dev' },
  });
  world.addAlarm({
    name: 'staging-api-5xx',
    description: `More than 10 HTTP 5xx per minute from staging/api in 3 of 5 minutes. Runbook: ${RUNBOOKS}/api-5xx`,
    namespace: 'AWS/ApplicationELB',
    metricName: 'HTTPCode_Target_5XX_Count',
    dimensions: {
      LoadBalancer: 'app/staging-alb/5f2b1c0d9e8a7b6c',
      TargetGroup: 'targetgroup/staging-api/0a1b2c3d4e5f6789',
    },
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    threshold: 10,
    comparisonOperator: 'GreaterThanThreshold',
    treatMissingData: 'notBreaching',
    unit: 'Count',
    tags: { Environment: 'staging', Service: 'api' },
  });
  world.addAlarm({
    name: 'staging-aurora-cpu-high',
    description: `Aurora cluster staging-aurora CPU above 75 % for 10 minutes. Runbook: ${RUNBOOKS}/aurora-cpu`,
    namespace: 'AWS/RDS',
    metricName: 'CPUUtilization',
    dimensions: { DBClusterIdentifier: 'staging-aurora' },
    statistic: 'Average',
    period: 300,
    evaluationPeriods: 2,
    threshold: 75,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    unit: 'Percent',
    tags: { Environment: 'staging' },
  });

  world.addQueue({
    name: 'infrabot-alarms',
    attributes: { VisibilityTimeout: '60', MessageRetentionPeriod: '345600' },
    deadLetterQueue: { name: 'infrabot-alarms-dlq', maxReceiveCount: 5 },
    tags: { Application: 'infrabot' },
  });
}

/**
 * The incident story of the sandbox (start-sandbox.ts seeds it after the demo world): dev/api was deployed a few minutes ago (revision 2, image
 * v1.4.2), and its logs fill with errors since — so flipping `dev-api-cpu-high` shows a thread
 * whose "what changed" names that deployment and whose errors name the culprit. The log lines
 * run two hours into the future so the story holds while the sandbox runs.
 */
export function seedIncidentStory(world: World): void {
  world.deployService('dev', 'api', undefined, { imageTag: 'v1.4.2' });
  const now = world.now();
  const messages = [
    { every: 20_000, text: 'ERROR pg: connection pool exhausted (max 10) while handling GET /orders' },
    { every: 45_000, text: 'Exception: TimeoutError: upstream payments-api did not answer in 3000 ms' },
    {
      every: 120_000,
      text: 'ERROR unhandled rejection: invalid signature for token=xoxb-demo-0000-redactme',
    },
    { every: 15_000, text: 'INFO GET /health 200 2ms' },
  ];
  const events: Array<{ timestamp: number; message: string; stream: string }> = [];
  for (const m of messages) {
    for (let t = now - 40 * MINUTE; t < now + 120 * MINUTE; t += m.every) {
      // Errors begin with the deployment; the health checks were there before.
      if (!m.text.startsWith('INFO') && t < now - 2 * MINUTE) continue;
      events.push({ timestamp: t, message: m.text, stream: 'ecs/api/7f3c2a' });
    }
  }
  world.logs.putEvents(world.scope(), '/ecs/dev/api', events);
  world.logs.addGroup(world.scope(), '/ecs/dev/worker');
  world.logs.addGroup(world.scope(), '/ecs/staging/api');
  world.logs.addGroup(world.scope(), '/ecs/staging/worker');
}
