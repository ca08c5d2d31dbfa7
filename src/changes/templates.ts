import { readFile } from 'node:fs/promises';
import { packageFile } from '../util/package-root.js';
import type { ResourceKind } from './resource-kind.js';

/** Where a repo's own templates live; a file there replaces ours for that kind. */
export const REPO_TEMPLATE_DIR = '.infrabot/templates';

export const templateFileName = (kind: ResourceKind): string => `${kind}.tf.tmpl`;

export interface TemplateSource {
  kind: ResourceKind;
  /** Where it came from, for the PR body: `infrabot` or the repo path of the override. */
  origin: string;
  text: string;
}

const cache = new Map<ResourceKind, Promise<string>>();

/** infrabot's own template for a kind, from the package's templates/ folder. */
export function defaultTemplate(kind: ResourceKind): Promise<TemplateSource> {
  let text = cache.get(kind);
  if (!text) {
    text = readFile(packageFile(`templates/${templateFileName(kind)}`), 'utf8');
    cache.set(kind, text);
    // A failed read is not remembered: the next request tries again.
    text.catch(() => cache.delete(kind));
  }
  return text.then((t) => ({ kind, origin: `infrabot templates/${templateFileName(kind)}`, text: t }));
}
