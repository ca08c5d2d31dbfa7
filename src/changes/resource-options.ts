import { formatDuration, parseDuration } from '../util/duration.js';
import { checkHostileInput } from './hostile-input.js';
import { checkAttributeName, checkResourceName } from './naming-rules.js';
import type { AttributeType, KeyAttribute, ResourceKind, ResourceSpec } from './resource-kind.js';

/**
 * The `/infra add` flags, per kind, turned into a validated ResourceSpec — or one message saying
 * which value is wrong and what would be right. Nothing is rendered before this passes.
 */

export interface OptionFlag {
  name: string;
  value?: string;
  description: string;
  kinds: readonly ResourceKind[];
}

export const ADD_FLAGS: readonly OptionFlag[] = [
  { name: 'fifo', description: 'queue: FIFO (the name must end in .fifo)', kinds: ['queue'] },
  { name: 'content-dedup', description: 'queue: content-based deduplication (FIFO only)', kinds: ['queue'] },
  {
    name: 'retention',
    value: 'duration',
    description: 'queue: how long messages are kept (default 4d)',
    kinds: ['queue'],
  },
  {
    name: 'visibility',
    value: 'duration',
    description: 'queue: visibility timeout (default 30s)',
    kinds: ['queue'],
  },
  {
    name: 'max-receives',
    value: 'n',
    description: 'queue: receives before the dead-letter queue (default 5)',
    kinds: ['queue'],
  },
  {
    name: 'kms-key',
    value: 'arn|alias',
    description: 'bucket: SSE-KMS with this key (default SSE-S3)',
    kinds: ['bucket'],
  },
  {
    name: 'noncurrent-days',
    value: 'n',
    description: 'bucket: days old versions are kept (default 30)',
    kinds: ['bucket'],
  },
  { name: 'hash-key', value: 'name:S|N|B', description: 'table: partition key (required)', kinds: ['table'] },
  { name: 'range-key', value: 'name:S|N|B', description: 'table: sort key', kinds: ['table'] },
  { name: 'ttl', value: 'attribute', description: 'table: expire items by this attribute', kinds: ['table'] },
];

export const QUEUE_DEFAULTS = {
  retentionSeconds: 4 * 86_400,
  visibilityTimeoutSeconds: 30,
  maxReceiveCount: 5,
};
export const BUCKET_DEFAULTS = { noncurrentVersionDays: 30 };

export type SpecResult = { ok: true; spec: ResourceSpec } | { ok: false; error: string; field?: string };

type Flags = Readonly<Record<string, string | true | undefined>>;

const err = (error: string, field?: string): SpecResult => ({
  ok: false,
  error,
  ...(field ? { field } : {}),
});

function stringFlag(flags: Flags, name: string): { value?: string; error?: string } {
  const value = flags[name];
  if (value === undefined) return {};
  if (value === true) return { error: `--${name} needs a value` };
  return { value };
}

function boolFlag(flags: Flags, name: string): { value: boolean; error?: string } {
  const value = flags[name];
  if (value === undefined) return { value: false };
  if (value === true) return { value: true };
  return { value: false, error: `--${name} takes no value (got "${value}")` };
}

function secondsFlag(flags: Flags, name: string, min: number, max: number, fallback: number) {
  const raw = stringFlag(flags, name);
  if (raw.error) return { error: raw.error };
  if (raw.value === undefined) return { value: fallback };
  const hostile = checkHostileInput(raw.value, `--${name}`);
  if (!hostile.ok) return { error: hostile.reason };
  // A bare number is seconds, the way SQS itself counts.
  const ms = /^\d+$/.test(raw.value) ? Number(raw.value) * 1000 : parseDuration(raw.value);
  if (ms === undefined) return { error: `--${name} "${raw.value}" is not a duration (e.g. 30s, 15m, 4d)` };
  const seconds = Math.round(ms / 1000);
  if (seconds < min || seconds > max)
    return {
      error: `--${name} must be between ${min === 0 ? '0s' : formatDuration(min * 1000)} and ${formatDuration(max * 1000)} (got ${raw.value})`,
    };
  return { value: seconds };
}

function integerFlag(flags: Flags, name: string, min: number, max: number, fallback: number) {
  const raw = stringFlag(flags, name);
  if (raw.error) return { error: raw.error };
  if (raw.value === undefined) return { value: fallback };
  if (!/^\d{1,6}$/.test(raw.value) || Number(raw.value) < min || Number(raw.value) > max)
    return {
      error: `--${name} must be a whole number from ${min} to ${max} (got "${raw.value.slice(0, 20)}")`,
    };
  return { value: Number(raw.value) };
}

export function parseKeyAttribute(text: string, flag: string): { value?: KeyAttribute; error?: string } {
  const hostile = checkHostileInput(text, `--${flag}`);
  if (!hostile.ok) return { error: hostile.reason };
  const colon = text.lastIndexOf(':');
  const name = colon === -1 ? text : text.slice(0, colon);
  const type = (colon === -1 ? 'S' : text.slice(colon + 1).toUpperCase()) as AttributeType;
  if (!['S', 'N', 'B'].includes(type))
    return { error: `--${flag} type must be S (string), N (number) or B (binary), e.g. id:S` };
  const check = checkAttributeName(name, `the --${flag} attribute name`);
  if (!check.ok) return { error: check.reason };
  return { value: { name, type } };
}

const KMS_KEY =
  /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|alias\/[A-Za-z0-9/_-]{1,250})|alias\/[A-Za-z0-9/_-]{1,250})$/;

export function parseResourceSpec(kind: ResourceKind, name: string, flags: Flags): SpecResult {
  const foreign = Object.keys(flags).filter((f) => {
    const known = ADD_FLAGS.find((k) => k.name === f);
    return known !== undefined && !known.kinds.includes(kind);
  });
  if (foreign.length > 0)
    return err(`${foreign.map((f) => `--${f}`).join(', ')} does not apply to a ${kind}`);

  switch (kind) {
    case 'queue': {
      const fifo = boolFlag(flags, 'fifo');
      const dedup = boolFlag(flags, 'content-dedup');
      if (fifo.error || dedup.error) return err((fifo.error ?? dedup.error)!);
      const nameCheck = checkResourceName('queue', name, { fifo: fifo.value });
      if (!nameCheck.ok) return err(nameCheck.reason, 'name');
      // The dead-letter queue is named after the queue and must obey the same 80-character rule.
      const dlq = dlqName(name, fifo.value);
      if (dlq.length > 80)
        return err(
          `the queue name is too long to name its dead-letter queue ${dlq} (80 characters at most)`,
          'name',
        );
      if (dedup.value && !fifo.value)
        return err('--content-dedup needs --fifo: only FIFO queues deduplicate');
      const retention = secondsFlag(flags, 'retention', 60, 14 * 86_400, QUEUE_DEFAULTS.retentionSeconds);
      if (retention.error) return err(retention.error, 'retention');
      const visibility = secondsFlag(
        flags,
        'visibility',
        0,
        12 * 3_600,
        QUEUE_DEFAULTS.visibilityTimeoutSeconds,
      );
      if (visibility.error) return err(visibility.error, 'visibility');
      const receives = integerFlag(flags, 'max-receives', 1, 1000, QUEUE_DEFAULTS.maxReceiveCount);
      if (receives.error) return err(receives.error, 'max-receives');
      return {
        ok: true,
        spec: {
          kind,
          name,
          options: {
            fifo: fifo.value,
            contentBasedDeduplication: dedup.value,
            retentionSeconds: retention.value!,
            visibilityTimeoutSeconds: visibility.value!,
            maxReceiveCount: receives.value!,
          },
        },
      };
    }
    case 'bucket': {
      const nameCheck = checkResourceName('bucket', name);
      if (!nameCheck.ok) return err(nameCheck.reason, 'name');
      const kms = stringFlag(flags, 'kms-key');
      if (kms.error) return err(kms.error, 'kms-key');
      if (kms.value !== undefined) {
        const hostile = checkHostileInput(kms.value, '--kms-key', { allowSlash: true });
        if (!hostile.ok) return err(hostile.reason, 'kms-key');
        if (!KMS_KEY.test(kms.value))
          return err(
            '--kms-key must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or an alias (alias/<name>)',
            'kms-key',
          );
      }
      const days = integerFlag(flags, 'noncurrent-days', 1, 3650, BUCKET_DEFAULTS.noncurrentVersionDays);
      if (days.error) return err(days.error, 'noncurrent-days');
      return {
        ok: true,
        spec: {
          kind,
          name,
          options: { ...(kms.value ? { kmsKey: kms.value } : {}), noncurrentVersionDays: days.value! },
        },
      };
    }
    case 'table': {
      const nameCheck = checkResourceName('table', name);
      if (!nameCheck.ok) return err(nameCheck.reason, 'name');
      const hashRaw = stringFlag(flags, 'hash-key');
      if (hashRaw.error) return err(hashRaw.error, 'hash-key');
      if (hashRaw.value === undefined)
        return err(
          'a table needs a partition key: add --hash-key <name>:S|N|B (e.g. --hash-key id:S)',
          'hash-key',
        );
      const hash = parseKeyAttribute(hashRaw.value, 'hash-key');
      if (hash.error) return err(hash.error, 'hash-key');
      const rangeRaw = stringFlag(flags, 'range-key');
      if (rangeRaw.error) return err(rangeRaw.error, 'range-key');
      const range = rangeRaw.value === undefined ? {} : parseKeyAttribute(rangeRaw.value, 'range-key');
      if (range.error) return err(range.error, 'range-key');
      if (range.value && range.value.name === hash.value!.name)
        return err('--range-key must differ from --hash-key', 'range-key');
      const ttl = stringFlag(flags, 'ttl');
      if (ttl.error) return err(ttl.error, 'ttl');
      if (ttl.value !== undefined) {
        const check = checkAttributeName(ttl.value, 'the --ttl attribute name');
        if (!check.ok) return err(check.reason, 'ttl');
        if (ttl.value === hash.value!.name || ttl.value === range.value?.name)
          return err('--ttl must name an attribute that is not a key', 'ttl');
      }
      return {
        ok: true,
        spec: {
          kind,
          name,
          options: {
            hashKey: hash.value!,
            ...(range.value ? { rangeKey: range.value } : {}),
            ...(ttl.value ? { ttlAttribute: ttl.value } : {}),
          },
        },
      };
    }
  }
}

export function dlqName(name: string, fifo: boolean): string {
  return fifo ? `${name.slice(0, -'.fifo'.length)}-dlq.fifo` : `${name}-dlq`;
}
