import { parseHcl } from './hcl-parser.js';
import { PRIMARY_RESOURCE, type ResourceKind } from './resource-kind.js';

/**
 * What the target repo already defines, read with a real HCL parser (hcl2json, the HCL library
 * Terraform itself uses, compiled to WASM) — never regexes, which miss heredocs, comments and
 * odd spacing.
 */

export interface DefinedResource {
  file: string;
  type: string;
  label: string;
  /** The literal AWS name (`name` / `bucket`), when it is a plain string. */
  awsName?: string;
}

export class HclParseError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file} is not valid HCL: ${detail}`);
    this.name = 'HclParseError';
  }
}

const NAME_ATTRIBUTES = new Set(Object.values(PRIMARY_RESOURCE).map((p) => p.nameAttribute));

/** Every `resource` block of one .tf file. */
export async function resourcesInFile(file: string, text: string): Promise<DefinedResource[]> {
  let json: Record<string, unknown>;
  try {
    json = await parseHcl(file, text);
  } catch (error) {
    throw new HclParseError(file, String(error instanceof Error ? error.message : error).slice(0, 300));
  }
  const out: DefinedResource[] = [];
  const resources = (json.resource ?? {}) as Record<string, Record<string, unknown[]>>;
  for (const [type, byLabel] of Object.entries(resources)) {
    for (const [label, bodies] of Object.entries(byLabel ?? {})) {
      for (const body of Array.isArray(bodies) ? bodies : [bodies]) {
        const attrs = (body ?? {}) as Record<string, unknown>;
        let awsName: string | undefined;
        for (const key of NAME_ATTRIBUTES) {
          const v = attrs[key];
          if (typeof v === 'string' && !v.includes('${')) awsName = v;
        }
        out.push({ file, type, label, ...(awsName !== undefined ? { awsName } : {}) });
      }
    }
  }
  return out;
}

export interface Collision {
  reason: string;
}

/**
 * Whether adding these resources (type + label each) and this AWS name in `path` clashes with
 * the repo: the same file, the same address anywhere (Terraform would refuse a duplicate), or the
 * same AWS name (apply would fail, or worse, two definitions would fight over one resource).
 */
export function findCollision(
  existing: readonly DefinedResource[],
  existingPaths: ReadonlySet<string>,
  planned: { kind: ResourceKind; name: string; path: string; addresses: readonly string[] },
): Collision | undefined {
  if (existingPaths.has(planned.path))
    return { reason: `the file ${planned.path} already exists in the repo` };
  const addresses = new Set(planned.addresses);
  const sameAddress = existing.find((r) => addresses.has(`${r.type}.${r.label}`));
  if (sameAddress)
    return {
      reason: `${sameAddress.type}.${sameAddress.label} is already defined in ${sameAddress.file}`,
    };
  const primary = PRIMARY_RESOURCE[planned.kind];
  const sameName = existing.find((r) => r.type === primary.type && r.awsName === planned.name);
  if (sameName)
    return {
      reason: `a ${planned.kind} named ${planned.name} is already defined as ${sameName.type}.${sameName.label} in ${sameName.file}`,
    };
  return undefined;
}

/** Resource addresses (`type.label`) of a rendered file, parsed back — also proves it parses. */
export async function addressesOf(file: string, text: string): Promise<string[]> {
  return (await resourcesInFile(file, text)).map((r) => `${r.type}.${r.label}`);
}
