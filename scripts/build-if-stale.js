#!/usr/bin/env node
// `npm start` / `npm run sandbox` run this first: it compiles (incrementally) only when a source is
// newer than the last build, so a start right after `npm install` (which built) costs no tsc run.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'dist', '.build-stamp');
const inputs = ['src', 'sandbox', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newest(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return /\.(ts|json)$/.test(path) ? stat.mtimeMs : 0;
  let max = stat.mtimeMs; // a deleted or renamed file changes its folder
  for (const entry of readdirSync(path)) {
    if (entry !== 'node_modules') max = Math.max(max, newest(join(path, entry)));
  }
  return max;
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return 0;
  }
}

function markBuilt() {
  writeFileSync(stamp, '');
  const now = new Date();
  utimesSync(stamp, now, now);
}

// `npm run build` marks its own (full) build, so the next start skips tsc.
if (process.argv.includes('--mark-built')) {
  markBuilt();
  process.exit(0);
}
const sourcesAt = Math.max(...inputs.map((i) => newest(join(root, i))));
if (builtAt() >= sourcesAt) process.exit(0);
console.error('infrabot: sources changed since the last build, compiling…');
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
markBuilt();
