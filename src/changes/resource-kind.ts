/** What `/infra add` can create, and the options each kind takes (already validated). */

export const RESOURCE_KINDS = ['queue', 'bucket', 'table'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface QueueOptions {
  fifo: boolean;
  contentBasedDeduplication: boolean;
  /** Seconds a message is kept (SQS: 60 s – 14 days). */
  retentionSeconds: number;
  /** Seconds a received message stays hidden (SQS: 0 s – 12 h). */
  visibilityTimeoutSeconds: number;
  /** Receives before a message goes to the dead-letter queue. */
  maxReceiveCount: number;
}

export interface BucketOptions {
  /** A KMS key ARN or alias for SSE-KMS; absent: SSE-S3 (AES256). */
  kmsKey?: string;
  /** Days a noncurrent object version is kept. */
  noncurrentVersionDays: number;
}

export type AttributeType = 'S' | 'N' | 'B';
export interface KeyAttribute {
  name: string;
  type: AttributeType;
}

export interface TableOptions {
  hashKey: KeyAttribute;
  rangeKey?: KeyAttribute;
  /** Attribute holding the expiry epoch seconds; absent: no TTL. */
  ttlAttribute?: string;
}

export type ResourceSpec =
  | { kind: 'queue'; name: string; options: QueueOptions }
  | { kind: 'bucket'; name: string; options: BucketOptions }
  | { kind: 'table'; name: string; options: TableOptions };

/** The Terraform resource type and the attribute that carries the AWS name, per kind. */
export const PRIMARY_RESOURCE: Record<ResourceKind, { type: string; nameAttribute: string }> = {
  queue: { type: 'aws_sqs_queue', nameAttribute: 'name' },
  bucket: { type: 'aws_s3_bucket', nameAttribute: 'bucket' },
  table: { type: 'aws_dynamodb_table', nameAttribute: 'name' },
};
