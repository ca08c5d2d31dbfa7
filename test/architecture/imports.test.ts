import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../src/', import.meta.url).pathname;

async function sourcesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

/** Every module a file imports, static or dynamic, as written. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('the environments domain stays a domain', () => {
  it('imports nothing from the front doors, the commands, the AWS SDK or the AWS adapters', async () => {
    const offending: string[] = [];
    for (const file of await sourcesUnder('environments')) {
      for (const spec of importsOf(await readFile(file, 'utf8'))) {
        if (/(^|\/)(commands|slack|cli|aws|sandbox)\//.test(spec) || spec.startsWith('@aws-sdk/'))
          offending.push(`${file.slice(ROOT.length)} imports ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('finds the imports it checks (the check is not vacuous)', async () => {
    const files = await sourcesUnder('environments');
    expect(files.length).toBeGreaterThan(10);
    const service = await readFile(join(ROOT, 'environments/environment-service.ts'), 'utf8');
    expect(importsOf(service)).toContain('./environment-gateway.js');
  });
});

describe('the incidents domain stays a domain', () => {
  it('imports nothing from the front doors, the commands, the AWS SDK or the AWS adapters', async () => {
    const offending: string[] = [];
    const files = await sourcesUnder('incidents');
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) {
      for (const spec of importsOf(await readFile(file, 'utf8'))) {
        if (/(^|\/)(commands|slack|cli|aws|sandbox)\//.test(spec) || spec.startsWith('@aws-sdk/'))
          offending.push(`${file.slice(ROOT.length)} imports ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
