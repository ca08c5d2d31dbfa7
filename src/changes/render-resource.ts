import { formatDuration } from '../util/duration.js';
import { hclString } from './hcl-string.js';
import type { ResourceSpec } from './resource-kind.js';
import { dlqName } from './resource-options.js';
import { renderTemplate, type TemplateFlags, type TemplateValues } from './template-engine.js';
import type { TemplateSource } from './templates.js';
import { resourceFilePath, terraformLabel } from './terraform-label.js';

/** A rendered resource: the file to add and what the reviewer should know about it. */
export interface RenderedResource {
  spec: ResourceSpec;
  label: string;
  path: string;
  content: string;
  /** The secure defaults and chosen options, one line each, for the PR body and the dry run. */
  defaults: string[];
  templateOrigin: string;
}

/** Every string is passed as an HCL literal, so a template can't forget to quote or escape it. */
function templateInput(spec: ResourceSpec, label: string): { values: TemplateValues; flags: TemplateFlags } {
  const base: TemplateValues = { label, name: hclString(spec.name) };
  switch (spec.kind) {
    case 'queue': {
      const o = spec.options;
      return {
        values: {
          ...base,
          dlq_name: hclString(dlqName(spec.name, o.fifo)),
          retention_seconds: String(o.retentionSeconds),
          visibility_timeout_seconds: String(o.visibilityTimeoutSeconds),
          max_receive_count: String(o.maxReceiveCount),
          content_based_deduplication: String(o.contentBasedDeduplication),
        },
        flags: { fifo: o.fifo, content_based_deduplication: o.contentBasedDeduplication },
      };
    }
    case 'bucket': {
      const o = spec.options;
      return {
        values: {
          ...base,
          kms_key: hclString(o.kmsKey ?? ''),
          noncurrent_version_days: String(o.noncurrentVersionDays),
        },
        flags: { kms: o.kmsKey !== undefined },
      };
    }
    case 'table': {
      const o = spec.options;
      return {
        values: {
          ...base,
          hash_key: hclString(o.hashKey.name),
          hash_key_type: hclString(o.hashKey.type),
          range_key: hclString(o.rangeKey?.name ?? ''),
          range_key_type: hclString(o.rangeKey?.type ?? ''),
          ttl_attribute: hclString(o.ttlAttribute ?? ''),
        },
        flags: { range_key: o.rangeKey !== undefined, ttl: o.ttlAttribute !== undefined },
      };
    }
  }
}

export function describeDefaults(spec: ResourceSpec): string[] {
  switch (spec.kind) {
    case 'queue': {
      const o = spec.options;
      return [
        'encryption at rest (SQS-managed SSE) on the queue and its dead-letter queue',
        `dead-letter queue \`${dlqName(spec.name, o.fifo)}\` after ${o.maxReceiveCount} receives, kept 14 days, usable only by this queue`,
        `messages kept ${formatDuration(o.retentionSeconds * 1000)}, visibility timeout ${o.visibilityTimeoutSeconds === 0 ? '0s' : formatDuration(o.visibilityTimeoutSeconds * 1000)}`,
        ...(o.fifo
          ? [`FIFO, content-based deduplication ${o.contentBasedDeduplication ? 'on' : 'off'}`]
          : ['standard (not FIFO)']),
      ];
    }
    case 'bucket': {
      const o = spec.options;
      return [
        'all four public access blocks on',
        'ACLs disabled (object ownership BucketOwnerEnforced)',
        o.kmsKey
          ? `encryption at rest with KMS key \`${o.kmsKey}\` (bucket key on)`
          : 'encryption at rest (SSE-S3, AES256)',
        `versioning on; noncurrent versions expire after ${o.noncurrentVersionDays} days; incomplete uploads aborted after 7 days`,
        'bucket policy denies every request not made over TLS',
      ];
    }
    case 'table': {
      const o = spec.options;
      return [
        'on-demand billing (PAY_PER_REQUEST)',
        'encryption at rest (AWS-managed KMS key)',
        'point-in-time recovery on',
        'deletion protection on',
        `partition key \`${o.hashKey.name}\` (${o.hashKey.type})${o.rangeKey ? `, sort key \`${o.rangeKey.name}\` (${o.rangeKey.type})` : ''}`,
        o.ttlAttribute ? `TTL on attribute \`${o.ttlAttribute}\`` : 'no TTL',
      ];
    }
  }
}

export function renderResource(
  spec: ResourceSpec,
  template: TemplateSource,
  folder: string,
): RenderedResource {
  const label = terraformLabel(spec.kind, spec.name);
  const { values, flags } = templateInput(spec, label);
  let content = renderTemplate(template.origin, template.text, values, flags);
  // One trailing newline, as terraform fmt writes it.
  content = `${content.replace(/\s+$/, '')}\n`;
  return {
    spec,
    label,
    path: resourceFilePath(folder, spec.kind, spec.name),
    content,
    defaults: describeDefaults(spec),
    templateOrigin: template.origin,
  };
}
