/**
 * Every template, rendered with typical and edge-case options, must be `terraform fmt` clean,
 * validate, and plan offline to exactly the expected resources with encryption on. Needs
 * terraform and the local hashicorp/aws mirror (terraform-toolchain.ts): fails loudly without.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderResource } from '../../src/changes/render-resource.js';
import type { ResourceKind } from '../../src/changes/resource-kind.js';
import { parseResourceSpec } from '../../src/changes/resource-options.js';
import { defaultTemplate } from '../../src/changes/templates.js';
import { type Plan, plannedResources } from '../infra/plan-json.js';
import { findProviderMirror, findTerraform } from '../infra/terraform-toolchain.js';
import { TerraformWorkspace } from '../infra/terraform-workspace.js';

interface Case {
  module: string;
  /** A repo override template instead of infrabot's (examples/infra-repo). */
  template?: string;
  kind: ResourceKind;
  name: string;
  flags: Record<string, string | true>;
  expected: string[];
}

const EXAMPLE_QUEUE_TEMPLATE = fileURLToPath(
  new URL('../../examples/infra-repo/.infrabot/templates/queue.tf.tmpl', import.meta.url),
);
const QUEUE_FIFO_NAME = `${'q'.repeat(71)}.fifo`; // 76: its DLQ name is exactly SQS's 80
const BUCKET_EDGE_NAME = `a1.${'b-c'.repeat(19)}.z9`.slice(0, 63);
const TABLE_EDGE_NAME = `Team.Events-v2_${'x'.repeat(240)}`; // 255

const CASES: Case[] = [
  {
    module: 'queue_standard',
    kind: 'queue',
    name: 'orders',
    flags: {},
    expected: [
      'aws_sqs_queue.orders',
      'aws_sqs_queue.orders_dlq',
      'aws_sqs_queue_redrive_allow_policy.orders_dlq',
    ],
  },
  {
    module: 'queue_fifo_edge',
    kind: 'queue',
    name: QUEUE_FIFO_NAME,
    flags: { fifo: true, 'content-dedup': true, retention: '14d', visibility: '0', 'max-receives': '1000' },
    expected: ['aws_sqs_queue.Q', 'aws_sqs_queue.Q_dlq', 'aws_sqs_queue_redrive_allow_policy.Q_dlq'].map(
      (a) => a.replace('Q', 'q'.repeat(71)),
    ),
  },
  {
    module: 'repo_override_fifo',
    template: EXAMPLE_QUEUE_TEMPLATE,
    kind: 'queue',
    name: 'events.fifo',
    flags: { fifo: true },
    expected: [
      'aws_sqs_queue.events',
      'aws_sqs_queue.events_dlq',
      'aws_sqs_queue_redrive_allow_policy.events_dlq',
    ],
  },
  {
    module: 'bucket_default',
    kind: 'bucket',
    name: 'acme-logs-2026',
    flags: {},
    expected: [
      'aws_s3_bucket.acme_logs_2026',
      'aws_s3_bucket_lifecycle_configuration.acme_logs_2026',
      'aws_s3_bucket_ownership_controls.acme_logs_2026',
      'aws_s3_bucket_policy.acme_logs_2026',
      'aws_s3_bucket_public_access_block.acme_logs_2026',
      'aws_s3_bucket_server_side_encryption_configuration.acme_logs_2026',
      'aws_s3_bucket_versioning.acme_logs_2026',
    ],
  },
  {
    module: 'bucket_kms_edge',
    kind: 'bucket',
    name: BUCKET_EDGE_NAME,
    flags: {
      'kms-key': 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      'noncurrent-days': '1',
    },
    expected: [
      'aws_s3_bucket',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_ownership_controls',
      'aws_s3_bucket_policy',
      'aws_s3_bucket_public_access_block',
      'aws_s3_bucket_server_side_encryption_configuration',
      'aws_s3_bucket_versioning',
    ].map((t) => `${t}.${BUCKET_EDGE_NAME.replace(/[^a-z0-9_]/g, '_')}`),
  },
  {
    module: 'table_hash_only',
    kind: 'table',
    name: 'users',
    flags: { 'hash-key': 'id:S' },
    expected: ['aws_dynamodb_table.users'],
  },
  {
    module: 'table_full_edge',
    kind: 'table',
    name: TABLE_EDGE_NAME,
    flags: { 'hash-key': 'pk:S', 'range-key': 'sk:N', ttl: 'expires_at' },
    expected: [`aws_dynamodb_table.${TABLE_EDGE_NAME.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`],
  },
];

const PROVIDER = `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
`;

let source: string;
let workspace: TerraformWorkspace;
let plan: Plan;
let fmtOutput: string;
let validation: { valid: boolean; error_count: number; diagnostics: unknown[] };

beforeAll(async () => {
  const terraform = findTerraform();
  const mirror = findProviderMirror();
  source = mkdtempSync(join(tmpdir(), 'infrabot-templates-'));
  const calls: string[] = [];
  for (const c of CASES) {
    const spec = parseResourceSpec(c.kind, c.name, c.flags);
    if (!spec.ok) throw new Error(`${c.module}: ${spec.error}`);
    const template = c.template
      ? { kind: c.kind, origin: 'example override', text: readFileSync(c.template, 'utf8') }
      : await defaultTemplate(c.kind);
    const rendered = renderResource(spec.spec, template, '');
    mkdirSync(join(source, c.module));
    writeFileSync(join(source, c.module, rendered.path), rendered.content);
    calls.push(`module "${c.module}" {\n  source = "./${c.module}"\n}\n`);
  }
  writeFileSync(join(source, 'main.tf'), `${PROVIDER}\n${calls.join('\n')}`);
  workspace = new TerraformWorkspace(terraform, mirror.dir, source);
  // fmt exits 3 when a file is not formatted; capture the list instead of failing here.
  fmtOutput = await workspace
    .run(['fmt', '-check', '-recursive', '-no-color'])
    .then((r) => r.stdout)
    .catch((e: { stdout?: string }) => `NOT FORMATTED:\n${e.stdout ?? String(e)}`);
  await workspace.init();
  validation = JSON.parse(
    await workspace
      .run(['validate', '-json', '-no-color'])
      .then((r) => r.stdout)
      .catch((e: { stdout: string }) => e.stdout),
  );
  await workspace.run(['plan', '-input=false', '-lock=false', '-no-color', '-refresh=false', '-out=tfplan']);
  plan = JSON.parse((await workspace.run(['show', '-json', 'tfplan'])).stdout) as Plan;
}, 300_000);

afterAll(() => {
  workspace?.dispose();
  if (source) rmSync(source, { recursive: true, force: true });
});

const inModule = (module: string) =>
  plannedResources(plan)
    .filter((r) => r.address.startsWith(`module.${module}.`))
    .map((r) => ({ ...r, local: r.address.slice(`module.${module}.`.length) }));

const values = (module: string, address: string): Record<string, unknown> => {
  const found = inModule(module).find((r) => r.local === address);
  if (!found) throw new Error(`${address} not planned in ${module}`);
  return found.values;
};

describe('rendered templates under terraform', () => {
  it('are terraform fmt clean', () => {
    expect(fmtOutput).toBe('');
  });

  it('validate without errors or warnings', () => {
    expect(validation.diagnostics).toEqual([]);
    expect(validation.valid).toBe(true);
  });

  it('plan only creations of managed resources (the TLS policy document is read, never created)', () => {
    const managed = plan.resource_changes.filter((c) => !/(^|\.)data\./.test(c.address));
    const actions = new Set(managed.flatMap((c) => c.change.actions));
    expect([...actions]).toEqual(['create']);
  });

  it.each(CASES.map((c) => [c.module, c] as const))('%s plans exactly the expected resources', (_, c) => {
    expect(
      inModule(c.module)
        .map((r) => r.local)
        .sort(),
    ).toEqual([...c.expected].sort());
  });

  it('queues: encrypted, with the DLQ wired by redrive policy, FIFO options as asked', () => {
    for (const module of ['queue_standard', 'queue_fifo_edge']) {
      for (const q of inModule(module).filter((r) => r.type === 'aws_sqs_queue'))
        expect(q.values.sqs_managed_sse_enabled, q.address).toBe(true);
    }
    const std = values('queue_standard', 'aws_sqs_queue.orders');
    expect(std).toMatchObject({
      name: 'orders',
      message_retention_seconds: 345600,
      visibility_timeout_seconds: 30,
    });
    expect(values('queue_standard', 'aws_sqs_queue.orders_dlq')).toMatchObject({
      name: 'orders-dlq',
      message_retention_seconds: 1209600,
    });
    const label = 'q'.repeat(71);
    expect(values('queue_fifo_edge', `aws_sqs_queue.${label}`)).toMatchObject({
      name: QUEUE_FIFO_NAME,
      fifo_queue: true,
      content_based_deduplication: true,
      message_retention_seconds: 1209600,
      visibility_timeout_seconds: 0,
    });
    expect(values('queue_fifo_edge', `aws_sqs_queue.${label}_dlq`)).toMatchObject({
      name: `${label}-dlq.fifo`,
      fifo_queue: true,
    });
  });

  it('the example repo override encrypts with its KMS key and keeps FIFO and the DLQ', () => {
    expect(values('repo_override_fifo', 'aws_sqs_queue.events')).toMatchObject({
      name: 'events.fifo',
      fifo_queue: true,
      kms_master_key_id: 'alias/acme-queues',
      tags: { Team: 'platform' },
    });
    expect(values('repo_override_fifo', 'aws_sqs_queue.events_dlq')).toMatchObject({
      name: 'events-dlq.fifo',
      kms_master_key_id: 'alias/acme-queues',
    });
  });

  it('buckets: public access fully blocked, encrypted, versioned, owner-enforced, lifecycle on', () => {
    for (const [module, label, sse] of [
      ['bucket_default', 'acme_logs_2026', { sse_algorithm: 'AES256' }],
      [
        'bucket_kms_edge',
        BUCKET_EDGE_NAME.replace(/[^a-z0-9_]/g, '_'),
        {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        },
      ],
    ] as const) {
      expect(values(module, `aws_s3_bucket_public_access_block.${label}`)).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      const encryption = values(module, `aws_s3_bucket_server_side_encryption_configuration.${label}`);
      expect(
        (encryption.rule as Array<{ apply_server_side_encryption_by_default: unknown[] }>)[0],
      ).toMatchObject({
        apply_server_side_encryption_by_default: [sse],
      });
      expect(values(module, `aws_s3_bucket_versioning.${label}`).versioning_configuration).toEqual([
        { status: 'Enabled' },
      ]);
      expect(values(module, `aws_s3_bucket_ownership_controls.${label}`).rule).toEqual([
        { object_ownership: 'BucketOwnerEnforced' },
      ]);
    }
    const lifecycle = values(
      'bucket_kms_edge',
      `aws_s3_bucket_lifecycle_configuration.${BUCKET_EDGE_NAME.replace(/[^a-z0-9_]/g, '_')}`,
    );
    expect(JSON.stringify(lifecycle.rule)).toContain('"noncurrent_days":1');
    expect(
      values('bucket_kms_edge', `aws_s3_bucket.${BUCKET_EDGE_NAME.replace(/[^a-z0-9_]/g, '_')}`).bucket,
    ).toBe(BUCKET_EDGE_NAME);
  });

  it('buckets: the policy denies requests without TLS', () => {
    const data = plan.configuration.root_module as unknown as {
      module_calls: Record<
        string,
        { module: { resources: Array<{ address: string; expressions: unknown }> } }
      >;
    };
    const doc = data.module_calls.bucket_default!.module.resources.find(
      (r) => r.address === 'data.aws_iam_policy_document.acme_logs_2026_tls_only',
    );
    const text = JSON.stringify(doc?.expressions);
    expect(text).toContain('aws:SecureTransport');
    expect(text).toContain('"Deny"');
  });

  it('tables: on-demand, encrypted, point-in-time recovery, deletion protection, keys and TTL', () => {
    const users = values('table_hash_only', 'aws_dynamodb_table.users');
    expect(users).toMatchObject({
      name: 'users',
      billing_mode: 'PAY_PER_REQUEST',
      hash_key: 'id',
      range_key: null,
      deletion_protection_enabled: true,
      attribute: [{ name: 'id', type: 'S' }],
      point_in_time_recovery: [{ enabled: true }],
      server_side_encryption: [{ enabled: true }],
    });
    const label = TABLE_EDGE_NAME.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    const full = values('table_full_edge', `aws_dynamodb_table.${label}`);
    expect(full).toMatchObject({
      name: TABLE_EDGE_NAME,
      hash_key: 'pk',
      range_key: 'sk',
      ttl: [{ attribute_name: 'expires_at', enabled: true }],
      server_side_encryption: [{ enabled: true }],
      point_in_time_recovery: [{ enabled: true }],
    });
    expect(full.attribute).toEqual(
      expect.arrayContaining([
        { name: 'pk', type: 'S' },
        { name: 'sk', type: 'N' },
      ]),
    );
  });
});
