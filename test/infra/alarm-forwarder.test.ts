/**
 * Offline checks of infra/modules/alarm-forwarder (through infra/examples/alarm-forwarder) and of
 * the root's bus policy for forwarded alarms: validate and plan with the local provider mirror.
 * Needs terraform; fails with instructions when it is missing (terraform-toolchain.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Plan, plannedPolicies, resource, resourcesOfType } from './plan-json.js';
import { findProviderMirror, findTerraform } from './terraform-toolchain.js';
import { TerraformWorkspace } from './terraform-workspace.js';

const BUS = 'arn:aws:events:us-east-1:123456789012:event-bus/default';

let workspace: TerraformWorkspace | undefined;
let forwarder: { validation: { valid: boolean; diagnostics: unknown[] }; plan: Plan };
let root: Plan;

beforeAll(async () => {
  const w = new TerraformWorkspace(findTerraform(), findProviderMirror().dir);
  workspace = w;
  const dir = 'examples/alarm-forwarder';
  await Promise.all([
    (async () => {
      await w.init(dir);
      const validation = JSON.parse((await w.run(['validate', '-json', '-no-color'], dir)).stdout);
      await w.run(
        ['plan', '-input=false', '-lock=false', '-no-color', '-var', 'offline_plan=true', '-out=tfplan'],
        dir,
      );
      forwarder = {
        validation,
        plan: JSON.parse((await w.run(['show', '-json', 'tfplan'], dir)).stdout) as Plan,
      };
    })(),
    (async () => {
      await w.init();
      await w.run([
        'plan',
        '-input=false',
        '-lock=false',
        '-no-color',
        '-refresh=false',
        '-var-file=examples/example.tfvars',
        '-var',
        'offline_plan=true',
        '-var',
        'alarm_source_accounts=["210987654321"]',
        '-out=tfplan-alarms',
      ]);
      root = JSON.parse((await w.run(['show', '-json', 'tfplan-alarms'])).stdout) as Plan;
    })(),
  ]);
}, 240_000);

afterAll(() => workspace?.dispose());

describe('modules/alarm-forwarder', () => {
  it('validates without errors or warnings', () => {
    expect(forwarder.validation.diagnostics).toEqual([]);
    expect(forwarder.validation.valid).toBe(true);
  });

  it('forwards only CloudWatch alarm state changes to infrabot’s bus, through a role', () => {
    const rule = resource(
      forwarder.plan,
      'module.alarm_forwarder.aws_cloudwatch_event_rule.alarm_state_change',
    );
    expect(JSON.parse(String(rule.values.event_pattern))).toEqual({
      source: ['aws.cloudwatch'],
      'detail-type': ['CloudWatch Alarm State Change'],
    });
    const target = resource(
      forwarder.plan,
      'module.alarm_forwarder.aws_cloudwatch_event_target.infrabot_bus',
    );
    expect(target.values.arn).toBe(BUS);
    // A bus in another region can only be a target with a role.
    expect(resourcesOfType(forwarder.plan, 'aws_cloudwatch_event_target')).toHaveLength(1);
  });

  it('lets the role do one thing: events:PutEvents on that bus, assumed only by EventBridge', () => {
    const policies = plannedPolicies(forwarder.plan);
    const put = policies.find((p) => p.source.includes('aws_iam_role_policy.put_events'));
    expect(put?.statements).toEqual([
      expect.objectContaining({ effect: 'Allow', actions: ['events:PutEvents'], resources: [BUS] }),
    ]);
    const trust = policies.find((p) => p.source.includes('aws_iam_role.forwarder'));
    expect(trust?.statements[0]?.principals).toEqual({ Service: ['events.amazonaws.com'] });
    expect(trust?.statements[0]?.actions).toEqual(['sts:AssumeRole']);
    expect(trust?.statements[0]?.conditions).toEqual({
      ArnEquals: { 'aws:SourceArn': ['arn:aws:events:eu-west-1:210987654321:rule/infrabot-alarms-forward'] },
    });
  });
});

describe('root: alarms from other accounts', () => {
  it('adds a bus policy scoped to the listed accounts and to alarm state changes', () => {
    const policy = plannedPolicies(root).find((p) =>
      p.source.includes('aws_cloudwatch_event_bus_policy.alarm_sources'),
    );
    expect(policy?.statements).toHaveLength(1);
    const s = policy!.statements[0]!;
    expect(s.actions).toEqual(['events:PutEvents']);
    expect(s.resources).toEqual([BUS]);
    expect(s.principals).toEqual({ AWS: ['arn:aws:iam::210987654321:root'] });
    expect(s.conditions).toMatchObject({
      StringEquals: {
        'events:source': ['aws.cloudwatch'],
        'events:detail-type': ['CloudWatch Alarm State Change'],
      },
    });
  });
});
