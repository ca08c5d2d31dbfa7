// biome-ignore-all lint/suspicious/noTemplateCurlyInString: HCL interpolation in names is what these tests refuse
import { describe, expect, it } from 'vitest';
import {
  addressesOf,
  findCollision,
  HclParseError,
  resourcesInFile,
} from '../../src/changes/existing-resources.js';
import { hclString } from '../../src/changes/hcl-string.js';
import { checkResourceName } from '../../src/changes/naming-rules.js';
import { pullBody } from '../../src/changes/pull-request-text.js';
import { renderResource } from '../../src/changes/render-resource.js';
import { parseResourceSpec } from '../../src/changes/resource-options.js';
import { renderTemplate, TemplateError } from '../../src/changes/template-engine.js';
import { defaultTemplate } from '../../src/changes/templates.js';
import { resourceFilePath, terraformLabel } from '../../src/changes/terraform-label.js';

/** Hostile names: each is refused, and the reason says why. */
const HOSTILE: Array<[kind: 'queue' | 'bucket' | 'table', name: string, reason: RegExp]> = [
  ['queue', 'a${file("/etc/passwd")}', /interpolation|quote|path/],
  ['queue', 'x${var.token}', /interpolation/],
  ['table', 'tbl%{if true}x%{endif}', /interpolation or directive/],
  ['queue', 'orders"\n}\nresource "aws_iam_user" "x" {', /line break/],
  ['table', "it's", /quote/],
  ['table', 'back`tick', /quote/],
  ['table', 'a\\b', /backslash/],
  ['queue', '../../etc/passwd', /path separator/],
  ['table', '..', /"\.\." segment/],
  ['bucket', 'a/b', /path separator/],
  ['queue', 'orders\u202Egnp.exe', /text-direction/],
  ['queue', 'ord\u200Bers', /invisible/],
  ['bucket', 'p\u0430ypal-logs', /non-ASCII character "а" \(U\+0430\)/], // Cyrillic а
  ['table', 'ｕsers', /non-ASCII/], // fullwidth u
  ['queue', 'tab\there', /control character/],
  ['queue', 'null\u0000byte', /control character/],
  ['table', 'x'.repeat(256), /256 characters long; the limit is 255/],
  ['queue', 'q'.repeat(81), /at most 80 characters/],
  ['queue', 'two words', /space/],
  ['queue', 'orders!', /only letters, digits, "-" and "_" \(found "!"\)/],
  ['queue', 'orders.fifo', /for FIFO queues: add --fifo/],
  ['bucket', 'ab', /3 to 63 characters/],
  ['bucket', 'Upper-Case', /lowercase/],
  ['bucket', 'under_score', /found "_"/],
  ['bucket', '-leading', /begin and end with a letter or digit/],
  ['bucket', 'trailing.', /begin and end/],
  ['bucket', 'a..b', /"\.\." segment|two adjacent periods/],
  ['bucket', '192.168.5.4', /IP address/],
  ['bucket', 'xn--punycode', /starting with "xn--" are reserved/],
  ['bucket', 'sthree-bucket', /"sthree-"/],
  ['bucket', 'amzn-s3-demo-x', /"amzn-s3-demo-"/],
  ['bucket', 'my-s3alias', /ending in "-s3alias" are reserved/],
  ['bucket', 'my--ol-s3', /"--ol-s3"/],
  ['bucket', 'my.mrap', /".mrap"/],
  ['bucket', 'my--x-s3', /"--x-s3"/],
  ['table', 'ab', /3 to 255 characters/],
  ['table', 'users:v2', /found ":"/],
  ['queue', '', /empty/],
];

describe('hostile and invalid names', () => {
  it.each(HOSTILE.map(([k, n, r]) => [k, JSON.stringify(n).slice(0, 60), n, r] as const))(
    '%s %s is refused',
    (kind, _shown, name, reason) => {
      const check = checkResourceName(kind, name, { fifo: false });
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.reason).toMatch(reason);
    },
  );

  it('accepts what AWS accepts', () => {
    for (const [kind, name, fifo] of [
      ['queue', 'orders', false],
      ['queue', 'Orders_Events-2', false],
      ['queue', 'orders.fifo', true],
      ['bucket', 'acme.logs-2026', false],
      ['bucket', 'abc', false],
      ['table', 'Team.Events-v2_x', false],
      ['table', 'x..y', false], // DynamoDB allows it, and it is no path segment
    ] as const)
      expect(checkResourceName(kind, name, { fifo }), `${kind} ${name}`).toEqual({ ok: true });
  });
});

describe('options', () => {
  it.each([
    ['queue', 'orders', { fifo: true }, /must end in "\.fifo"/],
    ['queue', 'orders', { 'content-dedup': true }, /needs --fifo/],
    ['queue', 'orders', { retention: '30s' }, /between 1m and 14d/],
    ['queue', 'orders', { retention: '15d' }, /between 1m and 14d/],
    ['queue', 'orders', { visibility: '13h' }, /between 0s and 12h/],
    ['queue', 'orders', { visibility: 'soon' }, /not a duration/],
    ['queue', 'orders', { retention: true }, /needs a value/],
    ['queue', 'orders', { fifo: 'yes' }, /takes no value/],
    ['queue', 'orders', { 'max-receives': '0' }, /whole number from 1 to 1000/],
    ['queue', `${'q'.repeat(77)}`, {}, /too long to name its dead-letter queue/],
    ['queue', 'orders', { 'hash-key': 'id:S' }, /--hash-key does not apply to a queue/],
    ['bucket', 'acme-logs', { 'kms-key': 'my-key' }, /KMS key ARN .* or an alias/],
    ['bucket', 'acme-logs', { 'kms-key': 'alias/${x}' }, /interpolation/],
    ['bucket', 'acme-logs', { 'kms-key': 'alias/../x' }, /"\.\." segment/],
    ['bucket', 'acme-logs', { 'noncurrent-days': '-1' }, /whole number/],
    ['table', 'users', {}, /needs a partition key: add --hash-key/],
    ['table', 'users', { 'hash-key': 'id:X' }, /S \(string\), N \(number\) or B/],
    ['table', 'users', { 'hash-key': 'i d:S' }, /space/],
    ['table', 'users', { 'hash-key': 'id:S', 'range-key': 'id:N' }, /must differ/],
    ['table', 'users', { 'hash-key': 'id:S', ttl: 'id' }, /not a key/],
    ['table', 'users', { 'hash-key': 'id:S', ttl: 'exp"ires' }, /quote/],
  ] as const)('%s %s %j is refused', (kind, name, flags, reason) => {
    const result = parseResourceSpec(kind, name, flags as Record<string, string | true>);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(reason);
  });

  it('defaults and typed values', () => {
    expect(parseResourceSpec('queue', 'orders', {})).toEqual({
      ok: true,
      spec: {
        kind: 'queue',
        name: 'orders',
        options: {
          fifo: false,
          contentBasedDeduplication: false,
          retentionSeconds: 345600,
          visibilityTimeoutSeconds: 30,
          maxReceiveCount: 5,
        },
      },
    });
    expect(parseResourceSpec('table', 't12', { 'hash-key': 'pk', 'range-key': 'sk:n' })).toMatchObject({
      ok: true,
      spec: { options: { hashKey: { name: 'pk', type: 'S' }, rangeKey: { name: 'sk', type: 'N' } } },
    });
  });
});

describe('labels and paths', () => {
  it('derives Terraform-safe labels', () => {
    expect(terraformLabel('queue', 'Orders-Events.fifo')).toBe('orders_events');
    expect(terraformLabel('bucket', '2026.logs')).toBe('bucket_2026_logs');
    expect(terraformLabel('table', 'Team.Events-v2')).toBe('team_events_v2');
  });

  it('keeps file names short and distinct for long names', () => {
    expect(resourceFilePath('aws/', 'queue', 'orders.fifo')).toBe('aws/queue-orders-fifo.tf');
    expect(resourceFilePath('', 'bucket', 'logs')).toBe('bucket-logs.tf');
    const a = resourceFilePath('aws', 'table', `${'x'.repeat(200)}a`);
    const b = resourceFilePath('aws', 'table', `${'x'.repeat(200)}b`);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual('aws/'.length + 103);
  });
});

describe('HCL escaping', () => {
  it('neutralises quotes, interpolation, directives and line breaks', () => {
    expect(hclString('a"b')).toBe('"a\\"b"');
    expect(hclString('${x}')).toBe('"$${x}"');
    expect(hclString('%{if}')).toBe('"%%{if}"');
    expect(hclString('a\\n\nb')).toBe('"a\\\\n\\nb"');
    expect(hclString('$ and % alone')).toBe('"$ and % alone"');
  });

  it('an escaped hostile value stays one string attribute', async () => {
    const hostile = ['x"', '$', '{y}%{z}\\\n'].join('');
    const [res] = await resourcesInFile(
      't.tf',
      `resource "aws_sqs_queue" "q" {\n  name = ${hclString(hostile)}\n}\n`,
    );
    expect(res).toMatchObject({ type: 'aws_sqs_queue', label: 'q' });
  });
});

describe('template engine', () => {
  it('renders values and sections', () => {
    const out = renderTemplate(
      't',
      'a = {{v}}\n{{#on}}\nb\n{{/on}}\n{{^on}}\nc\n{{/on}}\n',
      { v: '"1"' },
      { on: true },
    );
    expect(out).toBe('a = "1"\nb\n');
  });

  it.each([
    ['x = {{nope}}', /line 1: unknown value \{\{nope\}\}/],
    ['{{#missing}}\n{{/missing}}', /unknown section "missing"/],
    ['{{#on}}\nx', /line 1: \{\{#on\}\} is never closed/],
    ['{{/on}}', /closes no open section/],
  ])('reports %j', (source, message) => {
    expect(() => renderTemplate('repo .infrabot/templates/queue.tf.tmpl', source, {}, { on: true })).toThrow(
      TemplateError,
    );
    expect(() => renderTemplate('t', source, {}, { on: true })).toThrow(message);
  });
});

describe('collisions, read with the HCL parser', () => {
  const files = {
    'aws/sqs.tf': `# heredoc and comments do not fool the parser
resource "aws_sqs_queue" "orders" {
  name = "orders"
  tags = { Note = <<-EOT
    resource "aws_sqs_queue" "fake" {}
  EOT
  }
}
resource   "aws_s3_bucket"   "logs"   { bucket = "acme-logs" }
`,
  };

  it('lists resources and literal names', async () => {
    const found = await resourcesInFile('aws/sqs.tf', files['aws/sqs.tf']);
    expect(found).toEqual([
      { file: 'aws/sqs.tf', type: 'aws_s3_bucket', label: 'logs', awsName: 'acme-logs' },
      { file: 'aws/sqs.tf', type: 'aws_sqs_queue', label: 'orders', awsName: 'orders' },
    ]);
  });

  it('finds a same address, a same AWS name and a same file', async () => {
    const existing = await resourcesInFile('aws/sqs.tf', files['aws/sqs.tf']);
    const paths = new Set(['aws/sqs.tf', 'aws/queue-jobs.tf']);
    expect(
      findCollision(existing, paths, {
        kind: 'queue',
        name: 'other',
        path: 'aws/queue-other.tf',
        addresses: ['aws_sqs_queue.orders'],
      }),
    ).toEqual({ reason: 'aws_sqs_queue.orders is already defined in aws/sqs.tf' });
    expect(
      findCollision(existing, paths, {
        kind: 'bucket',
        name: 'acme-logs',
        path: 'aws/b.tf',
        addresses: ['aws_s3_bucket.acme_logs'],
      }),
    ).toEqual({ reason: 'a bucket named acme-logs is already defined as aws_s3_bucket.logs in aws/sqs.tf' });
    expect(
      findCollision(existing, paths, {
        kind: 'queue',
        name: 'jobs',
        path: 'aws/queue-jobs.tf',
        addresses: [],
      }),
    ).toEqual({ reason: 'the file aws/queue-jobs.tf already exists in the repo' });
    expect(
      findCollision(existing, paths, {
        kind: 'queue',
        name: 'fake',
        path: 'aws/queue-fake.tf',
        addresses: ['aws_sqs_queue.fake'],
      }),
    ).toBeUndefined();
  });

  it('reports a broken file with its name', async () => {
    await expect(resourcesInFile('aws/broken.tf', 'resource "x" {')).rejects.toThrow(HclParseError);
    await expect(resourcesInFile('aws/broken.tf', 'resource "x" {')).rejects.toThrow(
      /aws\/broken.tf is not valid HCL/,
    );
  });

  it('reads back the addresses of a rendered file', async () => {
    expect(await addressesOf('x.tf', 'resource "a" "b" {}\nresource "c" "d" {}\n')).toEqual(['a.b', 'c.d']);
  });
});

describe('PR text', () => {
  it('keeps a hostile Slack display name inert in the PR body', async () => {
    const spec = parseResourceSpec('queue', 'orders', {});
    if (!spec.ok) throw new Error(spec.error);
    const rendered = renderResource(spec.spec, await defaultTemplate('queue'), 'aws');
    const body = pullBody(
      rendered,
      { slackName: 'eve**<img src=x>`@team`', slackUserId: 'U0EVE' },
      'add queue orders',
    );
    expect(body).toContain('- Requested by: **eveimg srcxteam** (`U0EVE`)');
  });
});
