import { checkHostileInput, type InputCheck } from './hostile-input.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * AWS's naming rules per kind (SQS CreateQueue, S3 general purpose bucket naming rules,
 * DynamoDB naming rules), checked before anything is rendered so the PR never fails at apply.
 */

const fail = (reason: string): InputCheck => ({ ok: false, reason });

function queueName(name: string, fifo: boolean): InputCheck {
  if (name.length > 80) return fail(`a queue name is at most 80 characters (this one has ${name.length})`);
  if (fifo && !name.endsWith('.fifo'))
    return fail('a FIFO queue name must end in ".fifo" (e.g. orders.fifo)');
  if (!fifo && name.endsWith('.fifo')) return fail('a name ending in ".fifo" is for FIFO queues: add --fifo');
  const base = fifo ? name.slice(0, -'.fifo'.length) : name;
  if (base.length === 0) return fail('a queue name needs at least one character before ".fifo"');
  const bad = /[^A-Za-z0-9_-]/.exec(base);
  if (bad) return fail(`a queue name may contain only letters, digits, "-" and "_" (found "${bad[0]}")`);
  return { ok: true };
}

const BUCKET_RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const BUCKET_RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

function bucketName(name: string): InputCheck {
  if (name.length < 3 || name.length > 63)
    return fail(`a bucket name is 3 to 63 characters long (this one has ${name.length})`);
  const bad = /[^a-z0-9.-]/.exec(name);
  if (bad)
    return fail(`a bucket name may contain only lowercase letters, digits, "." and "-" (found "${bad[0]}")`);
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name))
    return fail('a bucket name must begin and end with a letter or digit');
  if (name.includes('..')) return fail('a bucket name must not contain two adjacent periods');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return fail('a bucket name must not look like an IP address');
  const prefix = BUCKET_RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return fail(`bucket names starting with "${prefix}" are reserved by AWS`);
  const suffix = BUCKET_RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return fail(`bucket names ending in "${suffix}" are reserved by AWS`);
  return { ok: true };
}

function tableName(name: string): InputCheck {
  if (name.length < 3 || name.length > 255)
    return fail(`a table name is 3 to 255 characters long (this one has ${name.length})`);
  const bad = /[^A-Za-z0-9_.-]/.exec(name);
  if (bad) return fail(`a table name may contain only letters, digits, "_", "-" and "." (found "${bad[0]}")`);
  return { ok: true };
}

/** Hostile-input checks first (they give the clearer reason), then the kind's AWS rules. */
export function checkResourceName(
  kind: ResourceKind,
  name: string,
  opts: { fifo?: boolean } = {},
): InputCheck {
  const hostile = checkHostileInput(name, `the ${kind} name`);
  if (!hostile.ok) return hostile;
  switch (kind) {
    case 'queue':
      return queueName(name, opts.fifo ?? false);
    case 'bucket':
      return bucketName(name);
    case 'table':
      return tableName(name);
  }
}

/**
 * DynamoDB attribute names used as keys or TTL: AWS allows 1–255 bytes of anything, but these
 * land in HCL and in a PR, so the same conservative alphabet as table names is required.
 */
export function checkAttributeName(name: string, what: string): InputCheck {
  const hostile = checkHostileInput(name, what);
  if (!hostile.ok) return hostile;
  const bad = /[^A-Za-z0-9_.-]/.exec(name);
  if (bad) return fail(`${what} may contain only letters, digits, "_", "-" and "." (found "${bad[0]}")`);
  return { ok: true };
}
