import type { ObjectStore } from './git-objects.js';

/** Commit-graph queries: ancestry (fast-forward checks, "no commits between") and merge bases. */

export function ancestors(store: ObjectStore, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const sha = queue.pop()!;
    if (seen.has(sha)) continue;
    seen.add(sha);
    for (const parent of store.commit(sha)?.parents ?? []) queue.push(parent);
  }
  return seen;
}

/** True when `ancestor` is `descendant` or reachable from it. */
export function isAncestor(store: ObjectStore, ancestor: string, descendant: string): boolean {
  if (ancestor === descendant) return true;
  const seen = new Set<string>();
  const queue = [descendant];
  while (queue.length > 0) {
    const sha = queue.pop()!;
    if (sha === ancestor) return true;
    if (seen.has(sha)) continue;
    seen.add(sha);
    for (const parent of store.commit(sha)?.parents ?? []) queue.push(parent);
  }
  return false;
}

/**
 * The newest common ancestor, found by walking `b`'s history newest-first (by committer date).
 * For criss-cross histories git may pick differently; PR flows here never produce those.
 */
export function mergeBase(store: ObjectStore, a: string, b: string): string | undefined {
  const fromA = ancestors(store, a);
  const seen = new Set<string>();
  const frontier = [b];
  while (frontier.length > 0) {
    frontier.sort(
      (x, y) => (store.commit(y)?.committer.timestamp ?? 0) - (store.commit(x)?.committer.timestamp ?? 0),
    );
    const sha = frontier.shift()!;
    if (seen.has(sha)) continue;
    seen.add(sha);
    if (fromA.has(sha)) return sha;
    frontier.push(...(store.commit(sha)?.parents ?? []));
  }
  return undefined;
}

/** Commits reachable from `head` but not from `base`, oldest first (what a PR "contains"). */
export function commitsBetween(store: ObjectStore, base: string, head: string): string[] {
  const excluded = ancestors(store, base);
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (start: string): void => {
    // Iterative post-order DFS so parents are emitted before children without deep recursion.
    const stack: Array<{ sha: string; expanded: boolean }> = [{ sha: start, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (top.expanded) {
        order.push(top.sha);
        continue;
      }
      if (seen.has(top.sha) || excluded.has(top.sha)) continue;
      seen.add(top.sha);
      stack.push({ sha: top.sha, expanded: true });
      const parents = store.commit(top.sha)?.parents ?? [];
      for (let i = parents.length - 1; i >= 0; i--) stack.push({ sha: parents[i]!, expanded: false });
    }
  };
  visit(head);
  return order;
}
