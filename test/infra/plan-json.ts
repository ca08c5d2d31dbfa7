/**
 * Just enough of `terraform show -json <plan>` to assert on: planned resources (all modules),
 * resource changes, configuration references, check results, and IAM policy documents in a
 * normalised shape.
 */

export interface PlannedResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  values: Record<string, unknown>;
}

interface PlannedModule {
  resources?: PlannedResource[];
  child_modules?: PlannedModule[];
}

export interface ResourceChange {
  address: string;
  type: string;
  change: {
    actions: string[];
    after: Record<string, unknown> | null;
    after_unknown: Record<string, unknown>;
  };
}

interface ConfigResource {
  address: string;
  type: string;
  expressions?: Record<string, { references?: string[]; constant_value?: unknown }>;
}

interface ConfigModule {
  resources?: ConfigResource[];
  module_calls?: Record<string, { module: ConfigModule }>;
}

export interface CheckResult {
  address: { kind: string; to_display: string };
  status: 'pass' | 'fail' | 'error' | 'unknown';
}

export interface Plan {
  planned_values: { root_module: PlannedModule; outputs?: Record<string, { value?: unknown }> };
  resource_changes: ResourceChange[];
  configuration: { root_module: ConfigModule };
  checks?: CheckResult[];
}

export function plannedResources(plan: Plan): PlannedResource[] {
  const out: PlannedResource[] = [];
  const walk = (m: PlannedModule) => {
    out.push(...(m.resources ?? []));
    for (const child of m.child_modules ?? []) walk(child);
  };
  walk(plan.planned_values.root_module);
  return out.filter((r) => r.mode === 'managed');
}

export function resourcesOfType(plan: Plan, type: string): PlannedResource[] {
  return plannedResources(plan).filter((r) => r.type === type);
}

/** The one planned resource with this address; throws (naming what exists) otherwise. */
export function resource(plan: Plan, address: string): PlannedResource {
  const found = plannedResources(plan).find((r) => r.address === address);
  if (!found) {
    const known = plannedResources(plan)
      .map((r) => r.address)
      .join(', ');
    throw new Error(`${address} is not in the plan; planned: ${known}`);
  }
  return found;
}

/** Every resource declared in the configuration (including count = 0 / empty for_each ones). */
export function configuredResources(plan: Plan): ConfigResource[] {
  const out: ConfigResource[] = [];
  const walk = (m: ConfigModule, prefix: string) => {
    for (const r of m.resources ?? []) out.push({ ...r, address: prefix + r.address });
    for (const [name, call] of Object.entries(m.module_calls ?? {}))
      walk(call.module, `${prefix}module.${name}.`);
  };
  walk(plan.configuration.root_module, '');
  return out;
}

/** What a configured argument refers to, e.g. ["aws_sqs_queue.alarms.arn", "aws_sqs_queue.alarms"]. */
export function referencesOf(plan: Plan, address: string, argument: string): string[] {
  const r = configuredResources(plan).find((c) => c.address === address);
  if (!r) throw new Error(`${address} is not in the configuration`);
  return r.expressions?.[argument]?.references ?? [];
}

// ------------------------------------------------------------------------------------------------
// IAM policy documents
// ------------------------------------------------------------------------------------------------

export interface Statement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  /** Principal type => identifiers; `{ '*': ['*'] }` for "Principal": "*". */
  principals: Record<string, string[]>;
  /** Operator => key => values. */
  conditions: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  /** Where it came from, e.g. "aws_iam_role_policy.task.policy". */
  source: string;
  statements: Statement[];
}

const asList = (v: unknown): string[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

export function parsePolicy(source: string, json: string): PolicyDocument {
  const doc = JSON.parse(json) as { Statement?: unknown };
  const raw = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  const statements = raw.map((s: Record<string, unknown>): Statement => {
    const principal = s.Principal;
    const principals: Record<string, string[]> =
      principal === undefined
        ? {}
        : principal === '*'
          ? { '*': ['*'] }
          : Object.fromEntries(
              Object.entries(principal as Record<string, unknown>).map(([k, v]) => [k, asList(v)]),
            );
    const conditions = Object.fromEntries(
      Object.entries((s.Condition ?? {}) as Record<string, Record<string, unknown>>).map(([op, kv]) => [
        op,
        Object.fromEntries(Object.entries(kv).map(([k, v]) => [k, asList(v)])),
      ]),
    );
    return {
      sid: typeof s.Sid === 'string' ? s.Sid : undefined,
      effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: asList(s.Action),
      notActions: asList(s.NotAction),
      resources: asList(s.Resource),
      notResources: asList(s.NotResource),
      principals,
      conditions,
    };
  });
  return { source, statements };
}

/** Resource attributes that hold policy documents, by resource type. */
const POLICY_ATTRIBUTES: Record<string, string[]> = {
  aws_iam_role: ['assume_role_policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_policy: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_sns_topic_policy: ['policy'],
  aws_kms_key: ['policy'],
  aws_ecr_repository_policy: ['policy'],
  aws_cloudwatch_event_bus_policy: ['policy'],
};

export interface PlannedPolicy extends PolicyDocument {
  resourceType: string;
}

/** Every policy document in the plan. Throws if one is unknown at plan time (nothing to check). */
export function plannedPolicies(plan: Plan): PlannedPolicy[] {
  const out: PlannedPolicy[] = [];
  for (const r of plannedResources(plan)) {
    for (const attr of POLICY_ATTRIBUTES[r.type] ?? []) {
      const value = r.values[attr];
      if (typeof value !== 'string' || value === '') {
        throw new Error(`${r.address}.${attr} is not known at plan time, so it cannot be checked`);
      }
      out.push({ ...parsePolicy(`${r.address}.${attr}`, value), resourceType: r.type });
    }
  }
  return out;
}
