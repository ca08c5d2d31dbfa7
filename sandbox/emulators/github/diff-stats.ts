import type { ObjectStore } from './git-objects.js';
import type { TreeChange } from './tree-ops.js';

/**
 * Added/deleted line counts for `additions`, `deletions` and `changes`. Lines are matched as a
 * multiset rather than by a full diff, which agrees with git for edits, insertions and removals
 * and only differs when identical lines move around inside one file.
 */

function lines(bytes: Buffer | undefined): string[] {
  if (!bytes || bytes.length === 0) return [];
  const text = bytes.toString('utf8');
  const parts = text.split('\n');
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

export interface LineStats {
  additions: number;
  deletions: number;
}

export function lineStats(before: Buffer | undefined, after: Buffer | undefined): LineStats {
  const remaining = new Map<string, number>();
  for (const line of lines(before)) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  let additions = 0;
  for (const line of lines(after)) {
    const count = remaining.get(line) ?? 0;
    if (count > 0) remaining.set(line, count - 1);
    else additions += 1;
  }
  let deletions = 0;
  for (const count of remaining.values()) deletions += count;
  return { additions, deletions };
}

export function changeStats(store: ObjectStore, change: TreeChange): LineStats {
  const blob = (sha: string | undefined) => (sha ? store.blob(sha) : undefined);
  return lineStats(blob(change.before?.sha), blob(change.after?.sha));
}
