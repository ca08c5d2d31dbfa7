import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The folder holding infrabot's package.json, whether the code runs from src/ (tests, tsx) or
 * from dist/ (npm start, the container): both sit at different depths below it.
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'manifest.yml'))) {
      root = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('cannot find the infrabot package folder (package.json next to manifest.yml)');
    dir = parent;
  }
}

export function packageFile(relative: string): string {
  return join(packageRoot(), relative);
}
