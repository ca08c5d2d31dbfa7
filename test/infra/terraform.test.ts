/**
 * Offline checks of infra/: formatting, validation, and an offline `terraform plan` of
 * infra/examples/example.tfvars whose JSON is checked against the security and cost rules the
 * deployment promises (README). Needs terraform and a local hashicorp/aws provider; fails with
 * instructions when they are missing (terraform-toolchain.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import {
  configuredResources,
  type Plan,
  type PlannedPolicy,
  plannedPolicies,
  plannedResources,
  referencesOf,
  resource,
  resourcesOfType,
  type Statement,
} from './plan-json.js';
import { findProviderMirror, findTerraform } from './terraform-toolchain.js';
import { INFRA_DIR, TerraformError, TerraformWorkspace } from './terraform-workspace.js';

// Values of infra/examples/example.tfvars the assertions refer to.
const EXAMPLE = {
  namePrefix: 'infrabot',
  region: 'us-east-1',
  accountId: '123456789012',
  imageTag: '2026.11.25-3f9c2ab',
  crossAccountRole: 'arn:aws:iam::210987654321:role/infrabot',
};

/** The token parameters the task reads, by environment variable (created out of band, README step 4). */
const TOKEN_NAMES = ['GITHUB_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_BOT_TOKEN'] as const;
const parameterArn = (name: string) =>
  `arn:aws:ssm:${EXAMPLE.region}:${EXAMPLE.accountId}:parameter/${EXAMPLE.namePrefix}/${name}`;

/** What WorkerHost gives background workers to drain on SIGTERM (src/workers/worker-host.ts). */
const DRAIN_DEFAULT_S = 25;

/**
 * Actions allowed on Resource "*": AWS defines no resource type for them, so nothing narrower is
 * possible. Anything else with "*" is a least-privilege bug.
 */
const ACTIONS_WITHOUT_RESOURCE_TYPE = new Set([
  'ecr:GetAuthorizationToken',
  'tag:GetResources',
  'application-autoscaling:DescribeScalableTargets',
  'cloudwatch:GetMetricWidgetImage',
  'cloudwatch:GetMetricStatistics', // the schedule's activity signal
  'ecs:DescribeTaskDefinition', // prices of stopped services, images and log groups of services
  'ecs:ListServices', // narrowed by the ecs:cluster condition instead (asserted below)
  'logs:GetQueryResults',
  'logs:StopQuery',
]);

const PLAN_ARGS = [
  'plan',
  '-input=false',
  '-lock=false',
  '-no-color',
  '-refresh=false',
  '-var-file=examples/example.tfvars',
  '-var',
  'offline_plan=true',
];

let workspace: TerraformWorkspace | undefined;
let plan: Plan;
let validation: { valid: boolean; error_count: number; warning_count: number; diagnostics: unknown[] };
let onDemand: Plan;
let crossAccount: { validation: { diagnostics: unknown[] }; plan: Plan };

const ws = (): TerraformWorkspace => {
  if (!workspace) throw new Error('the terraform workspace was not set up (see the beforeAll error)');
  return workspace;
};

/** init, validate, plan and show examples/cross-account (a separate root module). */
async function planCrossAccountExample(w: TerraformWorkspace): Promise<typeof crossAccount> {
  const dir = 'examples/cross-account';
  await w.init(dir);
  const v = JSON.parse((await w.run(['validate', '-json', '-no-color'], dir)).stdout);
  await w.run(
    ['plan', '-input=false', '-lock=false', '-no-color', '-var', 'offline_plan=true', '-out=tfplan'],
    dir,
  );
  return { validation: v, plan: JSON.parse((await w.run(['show', '-json', 'tfplan'], dir)).stdout) as Plan };
}

beforeAll(async () => {
  const terraform = findTerraform();
  const mirror = findProviderMirror();
  const w = new TerraformWorkspace(terraform, mirror.dir);
  workspace = w;

  // The two root modules are independent: plan them side by side.
  const [, example] = await Promise.all([
    (async () => {
      await w.init();
      validation = JSON.parse((await w.run(['validate', '-json', '-no-color'])).stdout);
      await w.run([...PLAN_ARGS, '-out=tfplan']);
      plan = JSON.parse((await w.run(['show', '-json', 'tfplan'])).stdout) as Plan;
      // The documented options: regular Fargate, two tasks, no GitHub token.
      await w.run([
        ...PLAN_ARGS,
        '-var',
        'capacity=on_demand',
        '-var',
        'desired_count=2',
        '-var',
        'use_github_token=false',
        '-out=tfplan-on-demand',
      ]);
      onDemand = JSON.parse((await w.run(['show', '-json', 'tfplan-on-demand'])).stdout) as Plan;
    })(),
    planCrossAccountExample(w),
  ]);
  crossAccount = example;
}, 240_000);

afterAll(() => {
  workspace?.dispose();
});

const policies = (): PlannedPolicy[] => plannedPolicies(plan);
const allStatements = (): { policy: PlannedPolicy; statement: Statement }[] =>
  policies().flatMap((policy) => policy.statements.map((statement) => ({ policy, statement })));
const policyOf = (source: string): PlannedPolicy => {
  const found = policies().find((p) => p.source === source);
  if (!found) throw new Error(`no policy ${source}; have ${policies().map((p) => p.source)}`);
  return found;
};
const containerDefinition = (): Record<string, unknown> => {
  const defs = JSON.parse(String(resource(plan, 'aws_ecs_task_definition.app').values.container_definitions));
  expect(defs).toHaveLength(1);
  return defs[0];
};

describe('terraform source', () => {
  it('is formatted (terraform fmt -check -recursive)', async () => {
    const result = await ws()
      .run(['fmt', '-check', '-recursive', '-diff', '-no-color', INFRA_DIR])
      .catch((e: TerraformError) => e);
    expect(result instanceof TerraformError ? `unformatted:\n${result.stdout}` : '').toBe('');
  });

  it('validates without errors or warnings', () => {
    expect(validation.diagnostics).toEqual([]);
    expect(validation.valid).toBe(true);
  });

  it('rejects bad inputs with the variable validation messages, before touching AWS', async () => {
    const error = await ws()
      .run([
        ...PLAN_ARGS,
        '-var',
        'image_tag=latest',
        '-var',
        'account_id=12345',
        '-var',
        'log_retention_days=42',
      ])
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerraformError);
    const text = (error as TerraformError).stderr.replace(/\s+/g, ' ');
    expect(text).toContain('not "latest"');
    expect(text).toContain('account_id must be exactly 12 digits');
    expect(text).toContain('log_retention_days must be a value CloudWatch Logs accepts');
  }, 90_000);

  it('warns at plan time when infrabot.yml uses an environment the permissions do not cover', async () => {
    const { stdout } = await ws().run([
      ...PLAN_ARGS,
      '-var',
      'cross_account_role_arns=[]',
      '-var',
      'managed_environments=[{name="prod",ecs_cluster_names=["prod"],protected=true}]',
    ]);
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Check block assertion failed');
    expect(text).toContain('missing from managed_environments (infrabot will get AccessDenied on them): dev');
    expect(text).toContain(
      'role_arn values missing from cross_account_role_arns: ' + EXAMPLE.crossAccountRole,
    );
  }, 90_000);
});

describe('plan of the example deployment', () => {
  it('creates everything, and passes its config/permissions checks', () => {
    const actions = plan.resource_changes.map((r) => `${r.address}: ${r.change.actions.join(',')}`);
    for (const change of plan.resource_changes) {
      expect(change.change.actions, change.address).toEqual(['create']);
    }
    expect(actions.length).toBeGreaterThan(25);
    const checks = (plan.checks ?? []).filter((c) => c.address.kind === 'check');
    expect(checks.map((c) => c.address.to_display)).toContain('check.config_matches_permissions');
    for (const c of checks) expect(c.status, c.address.to_display).toBe('pass');
  });

  it('has every IAM and resource policy fully known at plan time', () => {
    const sources = policies().map((p) => p.source);
    expect(sources).toEqual(
      expect.arrayContaining([
        'aws_iam_role_policy.task.policy',
        'aws_iam_role_policy.execution.policy',
        'aws_iam_role.task.assume_role_policy',
        'aws_iam_role.execution.assume_role_policy',
        'aws_sqs_queue_policy.alarms.policy',
        'aws_sqs_queue_policy.alarms_dlq.policy',
        'aws_sns_topic_policy.ops.policy',
        'aws_kms_key.ops_topic.policy',
      ]),
    );
  });
});

describe('IAM least privilege', () => {
  it('allows no wildcard action anywhere (except the KMS key policy delegating the key to the account)', () => {
    const offenders = allStatements()
      .filter(({ statement }) => statement.effect === 'Allow')
      .filter(({ policy, statement }) => {
        const keyAdmin =
          policy.resourceType === 'aws_kms_key' &&
          statement.actions.join() === 'kms:*' &&
          statement.principals.AWS?.join() === `arn:aws:iam::${EXAMPLE.accountId}:root`;
        return !keyAdmin && statement.actions.some((a) => a.includes('*'));
      })
      .map(({ policy, statement }) => `${policy.source} ${statement.sid}: ${statement.actions}`);
    expect(offenders).toEqual([]);
  });

  it('uses no NotAction / NotResource in Allow statements', () => {
    const offenders = allStatements().filter(
      ({ statement }) =>
        statement.effect === 'Allow' &&
        (statement.notActions.length > 0 || statement.notResources.length > 0),
    );
    expect(offenders).toEqual([]);
  });

  it('grants Resource "*" only to actions AWS offers no resource type for', () => {
    const identity = allStatements().filter(({ policy }) => policy.resourceType === 'aws_iam_role_policy');
    expect(identity.length).toBeGreaterThan(10);
    const offenders = identity
      .filter(({ statement }) => statement.resources.includes('*'))
      .flatMap(({ policy, statement }) =>
        statement.actions
          .filter((a) => !ACTIONS_WITHOUT_RESOURCE_TYPE.has(a))
          .map((a) => `${policy.source}: ${a}`),
      );
    expect(offenders).toEqual([]);
  });

  it('never wildcards the account or region of a resource ARN', () => {
    const arns = allStatements()
      .filter(({ policy }) => policy.resourceType !== 'aws_kms_key')
      .flatMap(({ statement }) => statement.resources.filter((r) => r !== '*'));
    expect(arns.length).toBeGreaterThan(10);
    for (const arn of arns) {
      const [prefix, partition, , region, account] = arn.split(':');
      expect(prefix, arn).toBe('arn');
      expect(partition, arn).toBe('aws');
      expect(region, arn).not.toContain('*');
      expect(account, arn).toMatch(/^\d{12}$/);
    }
  });

  it('limits ECS to the configured clusters, and updates to unprotected environments', () => {
    const task = policyOf('aws_iam_role_policy.task.policy').statements;
    const resourcesFor = (action: string) =>
      task.filter((s) => s.actions.includes(action)).flatMap((s) => s.resources);
    const services = (cluster: string) =>
      `arn:aws:ecs:${EXAMPLE.region}:${EXAMPLE.accountId}:service/${cluster}/*`;

    expect(resourcesFor('ecs:DescribeServices').sort()).toEqual([services('dev'), services('prod')]);
    expect(resourcesFor('ecs:UpdateService')).toEqual([services('dev')]); // prod is protected

    const list = task.find((s) => s.actions.includes('ecs:ListServices'));
    expect(list?.conditions.ArnEquals?.['ecs:cluster']?.sort()).toEqual([
      `arn:aws:ecs:${EXAMPLE.region}:${EXAMPLE.accountId}:cluster/dev`,
      `arn:aws:ecs:${EXAMPLE.region}:${EXAMPLE.accountId}:cluster/prod`,
    ]);
  });

  it('limits RegisterScalableTarget to ECS service desired counts in this account', () => {
    const [register] = policyOf('aws_iam_role_policy.task.policy').statements.filter((s) =>
      s.actions.includes('application-autoscaling:RegisterScalableTarget'),
    );
    expect(register?.resources).toEqual([
      `arn:aws:application-autoscaling:${EXAMPLE.region}:${EXAMPLE.accountId}:scalable-target/*`,
    ]);
    expect(register?.conditions.StringEquals).toEqual({
      'application-autoscaling:service-namespace': ['ecs'],
      'application-autoscaling:scalable-dimension': ['ecs:service:DesiredCount'],
    });
  });

  it('conditions RDS stop/start on the Environment tag of unprotected environments', () => {
    const task = policyOf('aws_iam_role_policy.task.policy').statements;
    const rdsWrites = [
      'rds:StopDBInstance',
      'rds:StartDBInstance',
      'rds:StopDBCluster',
      'rds:StartDBCluster',
    ];
    const statements = task.filter((s) => s.actions.some((a) => rdsWrites.includes(a)));
    expect(statements).toHaveLength(1);
    expect(statements[0]?.actions.sort()).toEqual([...rdsWrites].sort());
    expect(statements[0]?.conditions).toEqual({ StringEquals: { 'aws:ResourceTag/Environment': ['dev'] } });
  });

  it('gives the task its own queue and table only, and sts:AssumeRole only on the configured roles', () => {
    const task = policyOf('aws_iam_role_policy.task.policy').statements;
    const byPrefix = (prefix: string) => task.filter((s) => s.actions.some((a) => a.startsWith(prefix)));

    const sqs = byPrefix('sqs:');
    expect(sqs.flatMap((s) => s.resources)).toEqual([
      `arn:aws:sqs:${EXAMPLE.region}:${EXAMPLE.accountId}:infrabot-alarm-events`,
    ]);
    expect(sqs.flatMap((s) => s.actions).sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ]);

    const dynamo = byPrefix('dynamodb:');
    expect(dynamo.flatMap((s) => s.resources)).toEqual([
      `arn:aws:dynamodb:${EXAMPLE.region}:${EXAMPLE.accountId}:table/infrabot-state`,
    ]);
    expect(dynamo.flatMap((s) => s.actions)).not.toContain('dynamodb:Scan');

    const assume = byPrefix('sts:');
    expect(assume.flatMap((s) => s.actions)).toEqual(['sts:AssumeRole']);
    expect(assume.flatMap((s) => s.resources)).toEqual([EXAMPLE.crossAccountRole]);
  });

  it('lets the execution role read exactly infrabot’s token parameters and pull its one repository', () => {
    const exec = policyOf('aws_iam_role_policy.execution.policy').statements;
    const resourcesFor = (action: string) =>
      exec.filter((s) => s.actions.includes(action)).flatMap((s) => s.resources);
    const ssm = exec.filter((s) => s.actions.some((a) => a.startsWith('ssm:')));
    expect(ssm).toHaveLength(1);
    expect(ssm[0]?.actions).toEqual(['ssm:GetParameters']);
    expect([...(ssm[0]?.resources ?? [])].sort()).toEqual(TOKEN_NAMES.map(parameterArn));
    // aws/ssm is an AWS managed key: no kms:Decrypt anywhere in the execution role.
    expect(exec.flatMap((s) => s.actions).filter((a) => a.startsWith('kms:'))).toEqual([]);
    // ...and no other statement of any policy mentions SSM, or Secrets Manager at all.
    const mentions = allStatements().flatMap(({ policy, statement }) =>
      [...statement.actions, ...statement.resources]
        .filter((x) => /^(ssm|secretsmanager):/.test(x) || /^arn:aws:(ssm|secretsmanager):/.test(x))
        .map((x) => `${policy.source} ${statement.sid}: ${x}`),
    );
    expect(mentions.sort()).toEqual(
      ['ssm:GetParameters', ...TOKEN_NAMES.map(parameterArn)]
        .map((x) => `aws_iam_role_policy.execution.policy ReadInfrabotTokenParameters: ${x}`)
        .sort(),
    );
    expect(resourcesFor('ecr:BatchGetImage')).toEqual([
      `arn:aws:ecr:${EXAMPLE.region}:${EXAMPLE.accountId}:repository/infrabot`,
    ]);
    expect(resourcesFor('logs:PutLogEvents')).toEqual([
      `arn:aws:logs:${EXAMPLE.region}:${EXAMPLE.accountId}:log-group:/ecs/infrabot:log-stream:*`,
    ]);
  });

  it('narrows the execution role to the Slack parameters when the GitHub token is off', () => {
    const exec = plannedPolicies(onDemand).find((p) => p.source === 'aws_iam_role_policy.execution.policy');
    const ssm = exec?.statements.filter((s) => s.actions.includes('ssm:GetParameters')) ?? [];
    expect(ssm.flatMap((s) => s.resources).sort()).toEqual(
      ['SLACK_APP_TOKEN', 'SLACK_BOT_TOKEN'].map(parameterArn),
    );
  });

  it('lets only ECS tasks of this account assume the task and execution roles', () => {
    for (const role of ['task', 'execution']) {
      const [trust, ...rest] = policyOf(`aws_iam_role.${role}.assume_role_policy`).statements;
      expect(rest).toEqual([]);
      expect(trust?.principals).toEqual({ Service: ['ecs-tasks.amazonaws.com'] });
      expect(trust?.conditions.StringEquals).toEqual({ 'aws:SourceAccount': [EXAMPLE.accountId] });
    }
  });

  it('attaches no AWS managed policies (they are broader than infrabot needs)', () => {
    expect(resourcesOfType(plan, 'aws_iam_role_policy_attachment')).toEqual([]);
    for (const role of resourcesOfType(plan, 'aws_iam_role')) {
      expect(role.values.managed_policy_arns ?? [], role.address).toEqual([]);
    }
  });
});

describe('alarm pipeline', () => {
  it('routes CloudWatch alarm state changes from EventBridge to the alarm queue', () => {
    const rule = resource(plan, 'aws_cloudwatch_event_rule.alarm_state_change');
    expect(JSON.parse(String(rule.values.event_pattern))).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
    });
    expect(referencesOf(plan, 'aws_cloudwatch_event_target.alarm_queue', 'arn')).toContain(
      'aws_sqs_queue.alarms.arn',
    );
  });

  it('lets only events.amazonaws.com send to the queues, and only for that rule', () => {
    const ruleArn = `arn:aws:events:${EXAMPLE.region}:${EXAMPLE.accountId}:rule/${
      resource(plan, 'aws_cloudwatch_event_rule.alarm_state_change').values.name
    }`;
    for (const source of ['aws_sqs_queue_policy.alarms.policy', 'aws_sqs_queue_policy.alarms_dlq.policy']) {
      const allows = policyOf(source).statements.filter((s) => s.effect === 'Allow');
      expect(allows, source).toHaveLength(1);
      expect(allows[0]?.principals).toEqual({ Service: ['events.amazonaws.com'] });
      expect(allows[0]?.actions).toEqual(['sqs:SendMessage']);
      expect(allows[0]?.conditions).toEqual({ ArnEquals: { 'aws:SourceArn': [ruleArn] } });
      // Plain HTTP is refused outright.
      const deny = policyOf(source).statements.find((s) => s.effect === 'Deny');
      expect(deny?.conditions).toEqual({ Bool: { 'aws:SecureTransport': ['false'] } });
    }
  });

  it('encrypts every queue, long-polls, and dead-letters poison messages', () => {
    const queues = resourcesOfType(plan, 'aws_sqs_queue');
    expect(queues.map((q) => q.values.name).sort()).toEqual([
      'infrabot-alarm-events',
      'infrabot-alarm-events-dlq',
    ]);
    for (const q of queues) {
      const sse = q.values.sqs_managed_sse_enabled === true || Boolean(q.values.kms_master_key_id);
      expect(sse, q.address).toBe(true);
    }
    const main = resource(plan, 'aws_sqs_queue.alarms');
    expect(main.values.receive_wait_time_seconds).toBe(20);
    // The DLQ ARN is known only after apply; the redrive policy must reference it.
    expect(referencesOf(plan, 'aws_sqs_queue.alarms', 'redrive_policy')).toContain(
      'aws_sqs_queue.alarms_dlq.arn',
    );
  });

  it('alarms on its own health: not running (missing data = breaching) and dead letters', () => {
    const notRunning = resource(plan, 'aws_cloudwatch_metric_alarm.not_running').values;
    expect(notRunning).toMatchObject({
      namespace: 'AWS/ECS',
      treat_missing_data: 'breaching',
      comparison_operator: 'LessThanThreshold',
      threshold: 1,
      dimensions: { ClusterName: 'infrabot', ServiceName: 'infrabot' },
      actions_enabled: true,
    });
    const dead = resource(plan, 'aws_cloudwatch_metric_alarm.dead_letters').values;
    expect(dead).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0,
      dimensions: { QueueName: 'infrabot-alarm-events-dlq' },
    });
    expect(resource(plan, 'aws_sns_topic_subscription.ops_email[0]').values).toMatchObject({
      protocol: 'email',
      endpoint: 'platform-alerts@example.com',
    });
    expect(referencesOf(plan, 'aws_sns_topic.ops', 'kms_master_key_id')).toContain(
      'aws_kms_key.ops_topic.arn',
    );
    expect(resource(plan, 'aws_kms_key.ops_topic').values.enable_key_rotation).toBe(true);
  });
});

describe('data at rest', () => {
  it('keeps state in an on-demand table with SSE, PITR, TTL on `ttl` and deletion protection', () => {
    const table = resource(plan, 'aws_dynamodb_table.state').values;
    expect(table).toMatchObject({
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'pk',
      range_key: 'sk',
      deletion_protection_enabled: true,
      server_side_encryption: [{ enabled: true }],
      point_in_time_recovery: [{ enabled: true }],
      ttl: [{ attribute_name: 'ttl', enabled: true }],
    });
    expect(table.attribute).toEqual(
      expect.arrayContaining([
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'S' },
      ]),
    );
  });

  it('keeps tokens out of Terraform: no Secrets Manager secret, no SSM parameter, no value anywhere', () => {
    for (const p of [plan, onDemand]) {
      const types = [
        ...p.resource_changes.map((r) => r.type),
        ...plannedResources(p).map((r) => r.type),
        ...configuredResources(p).map((r) => r.type),
      ];
      // The parameters are created out of band (README step 4) and only referenced by ARN, so no
      // value can reach the plan or the state, not even after a refresh.
      expect(types.filter((t) => t.startsWith('aws_secretsmanager_') || t === 'aws_ssm_parameter')).toEqual(
        [],
      );
      expect(JSON.stringify(p)).not.toMatch(/xox[bp]-|xapp-|ghp_|github_pat_/);
    }
  });

  it('has an immutable, scanned, encrypted ECR repository with a lifecycle policy', () => {
    const repo = resource(plan, 'aws_ecr_repository.app').values;
    expect(repo).toMatchObject({
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: [{ scan_on_push: true }],
      encryption_configuration: [{ encryption_type: 'AES256' }],
    });
    const lifecycle = JSON.parse(String(resource(plan, 'aws_ecr_lifecycle_policy.app').values.policy));
    expect(lifecycle.rules).toContainEqual(
      expect.objectContaining({
        selection: expect.objectContaining({
          tagStatus: 'any',
          countType: 'imageCountMoreThan',
          countNumber: 10,
        }),
      }),
    );
  });

  it('sets a retention on every log group', () => {
    const groups = resourcesOfType(plan, 'aws_cloudwatch_log_group');
    expect(groups).toHaveLength(1);
    for (const g of groups) expect(g.values.retention_in_days, g.address).toBe(30);
  });
});

describe('network', () => {
  it('has no ingress rule on any security group, and only HTTPS egress', () => {
    expect(resourcesOfType(plan, 'aws_vpc_security_group_ingress_rule')).toEqual([]);
    expect(
      resourcesOfType(plan, 'aws_security_group_rule').filter((r) => r.values.type === 'ingress'),
    ).toEqual([]);
    for (const sg of resourcesOfType(plan, 'aws_security_group')) {
      expect(sg.values.ingress ?? [], sg.address).toEqual([]);
    }
    const egress = resourcesOfType(plan, 'aws_vpc_security_group_egress_rule').map((r) => r.values);
    expect(egress).toEqual([expect.objectContaining({ ip_protocol: 'tcp', from_port: 443, to_port: 443 })]);
  });
});

describe('ECS service and task', () => {
  it('runs on Fargate Spot by default, through a capacity provider strategy on cluster and service', () => {
    const providers = resource(plan, 'aws_ecs_cluster_capacity_providers.this').values;
    expect(providers.cluster_name).toBe('infrabot');
    expect([...(providers.capacity_providers as string[])].sort()).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect(providers.default_capacity_provider_strategy).toEqual([
      expect.objectContaining({ capacity_provider: 'FARGATE_SPOT', weight: 1 }),
    ]);
    const svc = resource(plan, 'aws_ecs_service.app').values;
    // A strategy and a launch type exclude each other; the strategy decides Spot or not.
    expect(svc.launch_type ?? '').toBe('');
    expect(svc.capacity_provider_strategy).toEqual([
      expect.objectContaining({ capacity_provider: 'FARGATE_SPOT', weight: 1 }),
    ]);
    // Fargate Spot runs ARM64 only on platform 1.4.0+: LATEST is that.
    expect(svc.platform_version).toBe('LATEST');
  });

  it('plans capacity = "on_demand" with two tasks on regular Fargate, ARM64 still', () => {
    const svc = resource(onDemand, 'aws_ecs_service.app').values;
    expect(svc.capacity_provider_strategy).toEqual([
      expect.objectContaining({ capacity_provider: 'FARGATE', weight: 1 }),
    ]);
    expect(svc.desired_count).toBe(2);
    expect(
      resource(onDemand, 'aws_ecs_cluster_capacity_providers.this').values.default_capacity_provider_strategy,
    ).toEqual([expect.objectContaining({ capacity_provider: 'FARGATE' })]);
    expect(resource(onDemand, 'aws_ecs_task_definition.app').values.runtime_platform).toEqual([
      { cpu_architecture: 'ARM64', operating_system_family: 'LINUX' },
    ]);
    const c = JSON.parse(
      String(resource(onDemand, 'aws_ecs_task_definition.app').values.container_definitions),
    )[0];
    expect(c.secrets.map((x: { name: string }) => x.name)).toEqual(['SLACK_APP_TOKEN', 'SLACK_BOT_TOKEN']);
  });

  it('rejects an unknown capacity with the variable’s message', async () => {
    const error = await ws()
      .run([...PLAN_ARGS, '-var', 'capacity=spot_please'])
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TerraformError);
    expect((error as TerraformError).stderr.replace(/\s+/g, ' ')).toContain(
      'capacity must be "spot" (Fargate Spot, the default) or "on_demand"',
    );
  }, 90_000);

  it('runs one Fargate ARM64 task of 256 CPU / 512 MB, with Container Insights off', () => {
    const td = resource(plan, 'aws_ecs_task_definition.app').values;
    expect(td).toMatchObject({
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      cpu: '256',
      memory: '512',
      runtime_platform: [{ cpu_architecture: 'ARM64', operating_system_family: 'LINUX' }],
    });
    const cluster = resource(plan, 'aws_ecs_cluster.this').values;
    expect(cluster.setting).toEqual([{ name: 'containerInsights', value: 'disabled' }]);
  });

  it('deploys one replica at a time with a rolling-back circuit breaker, in the given subnets', () => {
    const svc = resource(plan, 'aws_ecs_service.app').values;
    expect(svc).toMatchObject({
      desired_count: 1,
      deployment_minimum_healthy_percent: 0,
      deployment_maximum_percent: 100,
      deployment_circuit_breaker: [{ enable: true, rollback: true }],
      enable_execute_command: false,
      network_configuration: [
        expect.objectContaining({
          assign_public_ip: true,
          subnets: expect.arrayContaining(['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002']),
        }),
      ],
    });
  });

  it('runs the container non-root on a read-only root filesystem with a writable /tmp', () => {
    const c = containerDefinition();
    expect(c.readonlyRootFilesystem).toBe(true);
    const [uid] = String(c.user).split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
    expect(c.mountPoints).toEqual([{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }]);
    expect(resource(plan, 'aws_ecs_task_definition.app').values.volume).toEqual([
      expect.objectContaining({ name: 'tmp' }),
    ]);
    expect(c.portMappings ?? []).toEqual([]);
  });

  it('gives the SIGTERM hand-over time to drain before SIGKILL, within Fargate’s 120 s', () => {
    const c = containerDefinition();
    expect(c.stopTimeout).toBe(30);
    // The app knows its deadline from the same number, and exits by itself before it.
    const env = (c.environment as { name: string; value: string }[]).find(
      (e) => e.name === 'INFRABOT_STOP_TIMEOUT_SECONDS',
    );
    expect(env?.value).toBe(String(c.stopTimeout));
    expect(Number(c.stopTimeout)).toBeGreaterThan(DRAIN_DEFAULT_S);
    expect(Number(c.stopTimeout)).toBeLessThanOrEqual(120);
    // Node gets SIGTERM from an init process (PID 1 would ignore it without a handler).
    expect(c.linuxParameters).toEqual({ initProcessEnabled: true });
  });

  it('health-checks /healthz with node (the image has no curl) and logs to the log group', () => {
    const c = containerDefinition() as {
      healthCheck: { command: string[] };
      logConfiguration: { logDriver: string; options: Record<string, string> };
    };
    expect(c.healthCheck.command.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(c.healthCheck.command.join(' ')).toContain('/healthz');
    expect(c.healthCheck.command.join(' ')).not.toMatch(/curl|wget/);
    expect(c.logConfiguration.logDriver).toBe('awslogs');
    expect(c.logConfiguration.options['awslogs-group']).toBe('/ecs/infrabot');
  });

  it('passes exactly the environment contract, with tokens only from SSM parameters', () => {
    const c = containerDefinition() as {
      image: string;
      environment: { name: string; value: string }[];
      secrets: { name: string; valueFrom: string }[];
    };
    expect(c.image).toBe(
      `${EXAMPLE.accountId}.dkr.ecr.${EXAMPLE.region}.amazonaws.com/${EXAMPLE.namePrefix}:${EXAMPLE.imageTag}`,
    );
    const env = Object.fromEntries(c.environment.map((e) => [e.name, e.value]));
    expect(Object.keys(env).sort()).toEqual([
      'AWS_REGION',
      'INFRABOT_ALARM_QUEUE_URL',
      'INFRABOT_CONFIG_YAML',
      'INFRABOT_STOP_TIMEOUT_SECONDS',
      'INFRABOT_STORE',
      'LOG_LEVEL',
      'NODE_ENV',
      'PORT',
    ]);
    expect(env).toMatchObject({
      AWS_REGION: EXAMPLE.region,
      INFRABOT_STORE: 'dynamodb:infrabot-state',
      INFRABOT_ALARM_QUEUE_URL: `https://sqs.${EXAMPLE.region}.amazonaws.com/${EXAMPLE.accountId}/infrabot-alarm-events`,
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      PORT: '3000',
    });
    // Each variable is one SSM parameter, by full ARN.
    expect(c.secrets).toEqual(TOKEN_NAMES.map((name) => ({ name, valueFrom: parameterArn(name) })));
  });

  it('outputs the token parameters the README tells operators to put', () => {
    const outputs = plan.planned_values.outputs ?? {};
    expect(outputs.token_parameters?.value).toEqual(
      Object.fromEntries(TOKEN_NAMES.map((n) => [n, `/${EXAMPLE.namePrefix}/${n}`])),
    );
    expect(outputs.token_parameter_prefix?.value).toBe(`/${EXAMPLE.namePrefix}`);
  });

  it('ships an example config that infrabot itself accepts', () => {
    const c = containerDefinition() as { environment: { name: string; value: string }[] };
    const yaml = c.environment.find((e) => e.name === 'INFRABOT_CONFIG_YAML')?.value ?? '';
    const config = parseConfigText(yaml, 'INFRABOT_CONFIG_YAML');
    expect(Object.keys(config.environments).sort()).toEqual(['dev', 'prod', 'staging']);
    expect(config.environments.staging?.role_arn).toBe(EXAMPLE.crossAccountRole);
  });
});

describe('cross-account role (examples/cross-account)', () => {
  it('validates, and trusts only the infrabot task role with an external ID', () => {
    expect(crossAccount.validation.diagnostics).toEqual([]);
    const xplan = crossAccount.plan;
    const [trust, ...others] = plannedPolicies(xplan).find(
      (p) => p.source === 'module.infrabot_role.aws_iam_role.this.assume_role_policy',
    )?.statements ?? [undefined];
    expect(others).toEqual([]);
    expect(trust?.principals).toEqual({ AWS: [`arn:aws:iam::${EXAMPLE.accountId}:role/infrabot-task`] });
    expect(trust?.actions).toEqual(['sts:AssumeRole']);
    expect(trust?.conditions).toEqual({ StringEquals: { 'sts:ExternalId': ['infrabot-staging-6f1d2c9a'] } });
  });

  it('grants the same least-privilege permissions, on the other account’s environments', () => {
    const perms = plannedPolicies(crossAccount.plan).find(
      (p) => p.source === 'module.infrabot_role.aws_iam_role_policy.this.policy',
    )?.statements;
    expect(perms?.flatMap((s) => s.actions).filter((a) => a.includes('*'))).toEqual([]);
    expect(perms?.find((s) => s.actions.includes('ecs:UpdateService'))?.resources).toEqual([
      'arn:aws:ecs:us-east-1:210987654321:service/staging/*',
    ]);
    expect(
      perms?.find((s) => s.actions.includes('rds:StopDBInstance'))?.conditions.StringEquals?.[
        'aws:ResourceTag/Environment'
      ],
    ).toEqual(['staging']);
    // Nothing of infrabot's own account: no queue, table, secrets or further role chaining (logs: the
    // environments' own log groups, for incident errors).
    const services = new Set(perms?.flatMap((s) => s.actions.map((a) => a.split(':')[0])));
    expect([...services].sort()).toEqual([
      'application-autoscaling',
      'cloudwatch',
      'ecs',
      'logs',
      'rds',
      'tag',
    ]);
  });
});
