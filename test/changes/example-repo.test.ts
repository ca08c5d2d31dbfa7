import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addressesOf } from '../../src/changes/existing-resources.js';
import { renderResource } from '../../src/changes/render-resource.js';
import { parseResourceSpec } from '../../src/changes/resource-options.js';

const example = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../examples/infra-repo/${path}`, import.meta.url)), 'utf8');

describe('examples/infra-repo', () => {
  it('aws/queue-orders.tf is exactly what its override template renders for `add queue orders`', () => {
    const spec = parseResourceSpec('queue', 'orders', {});
    if (!spec.ok) throw new Error(spec.error);
    const rendered = renderResource(
      spec.spec,
      { kind: 'queue', origin: 'override', text: example('.infrabot/templates/queue.tf.tmpl') },
      'aws',
    );
    expect(rendered.path).toBe('aws/queue-orders.tf');
    expect(example('aws/queue-orders.tf')).toBe(rendered.content);
  });

  it('every .tf file parses, and only queue-orders.tf defines resources', async () => {
    expect(await addressesOf('aws/versions.tf', example('aws/versions.tf'))).toEqual([]);
    expect(await addressesOf('aws/providers.tf', example('aws/providers.tf'))).toEqual([]);
    expect((await addressesOf('aws/queue-orders.tf', example('aws/queue-orders.tf'))).sort()).toEqual([
      'aws_sqs_queue.orders',
      'aws_sqs_queue.orders_dlq',
      'aws_sqs_queue_redrive_allow_policy.orders_dlq',
    ]);
  });

  it('the workflow runs fmt -check, validate and plan on pull requests', () => {
    const workflow = parse(example('.github/workflows/terraform.yml')) as {
      on: Record<string, unknown>;
      jobs: Record<string, { needs?: string[]; steps: Array<{ run?: string }> }>;
    };
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    const runs = (job: string) => workflow.jobs[job]!.steps.map((s) => s.run ?? '').join('\n');
    expect(runs('fmt')).toContain('terraform fmt -check');
    expect(runs('validate')).toContain('terraform validate');
    expect(runs('plan')).toContain('terraform plan');
    expect(workflow.jobs.plan!.needs).toEqual(['fmt', 'validate']);
  });
});
