import { createHash } from 'node:crypto';
import type { ResourceKind } from './resource-kind.js';

/** File names stay well under the 255-byte limit of filesystems and git checkouts. */
const MAX_FILE_STEM = 100;

/**
 * The Terraform resource label for a name: identifiers allow letters, digits, "_" and "-" and
 * must not start with a digit. Lowercased with "_" for everything else so labels read like the
 * team's hand-written ones (`aws_sqs_queue.orders_events`).
 */
export function terraformLabel(kind: ResourceKind, name: string): string {
  const base = kind === 'queue' ? name.replace(/\.fifo$/, '') : name;
  const label = base.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(label) ? label : `${kind}_${label}`;
}

/** The file the resource is written to: flat in the configured folder, one file per resource. */
export function resourceFilePath(folder: string, kind: ResourceKind, name: string): string {
  const prefix = folder.replace(/^\/+|\/+$/g, '');
  let stem = `${kind}-${name.replace(/\.fifo$/, '-fifo')}`;
  // DynamoDB allows 255-character names: shorten, keeping the file unique to the name.
  if (stem.length > MAX_FILE_STEM)
    stem = `${stem.slice(0, MAX_FILE_STEM - 9)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
  const file = `${stem}.tf`;
  return prefix ? `${prefix}/${file}` : file;
}
