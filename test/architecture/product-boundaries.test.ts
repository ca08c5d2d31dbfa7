import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  dockerignoreMatchers,
  isIgnored,
  parseCopy,
  parseDockerfile,
  type Stage,
} from '../infra/dockerfile.js';

/**
 * The product (src/) and the sandbox (sandbox/: emulators, demo page) are separate programs:
 * src never imports the sandbox, reads the process environment in one place only, and the
 * production image — as the Dockerfile and .dockerignore define it — holds no emulator code.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const repo = (path: string) => join(root, path);

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(repo(dir))) {
    const path = `${dir}/${entry}`;
    if (statSync(repo(path)).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

const sourceFiles = (dir: string) => filesUnder(dir).filter((f) => /\.(ts|js|mjs)$/.test(f));

/** Module specifiers of static imports/exports and dynamic import() calls. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g))
    found.push(m[1] ?? '');
  for (const m of text.matchAll(/\bimport\s*\(\s*['"`]([^'"`]+)['"`]/g)) found.push(m[1] ?? '');
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) found.push(m[1] ?? '');
  return found;
}

function importsSandbox(file: string): string[] {
  return specifiers(readFileSync(repo(file), 'utf8')).filter((s) => /(^|\/)sandbox(\/|$)/.test(s));
}

describe('the product does not contain the sandbox', () => {
  it('finds imports the way it checks them (sanity check of the scanner)', () => {
    expect(
      specifiers(`import { a } from '../sandbox/x.js';\nconst m = await import('../../sandbox/y.js');`),
    ).toEqual(['../sandbox/x.js', '../../sandbox/y.js']);
    expect(importsSandbox('sandbox/start-sandbox.ts')).toEqual([]);
    expect(specifiers(readFileSync(repo('sandbox/start-sandbox.ts'), 'utf8'))).toContain('../src/main.js');
  });

  it('src/ never imports sandbox/', () => {
    const files = sourceFiles('src');
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((f) => importsSandbox(f).map((s) => `${f} imports ${s}`));
    expect(offenders).toEqual([]);
  });

  it('the launcher loads only the product', () => {
    expect(importsSandbox('bin/infrabot.js')).toEqual([]);
    expect(readFileSync(repo('bin/infrabot.js'), 'utf8')).not.toContain('sandbox/');
  });

  it('src/ reads the process environment only through readRuntimeEnv', () => {
    const readers = sourceFiles('src').filter((f) => readFileSync(repo(f), 'utf8').includes('process.env'));
    expect(readers).toEqual(['src/runtime-env.ts']);
  });

  it('the sandbox never writes the process environment', () => {
    const writes = sourceFiles('sandbox').filter((f) =>
      /Object\.assign\(\s*process\.env|process\.env(\.\w+|\[[^\]]+\])\s*(=[^=]|\?\?=|\|\|=)|delete\s+process\.env/.test(
        readFileSync(repo(f), 'utf8'),
      ),
    );
    expect(writes).toEqual([]);
  });
});

describe('the production image (Dockerfile + .dockerignore) holds no emulator code', () => {
  const { stages } = parseDockerfile(readFileSync(repo('Dockerfile'), 'utf8'));
  const ignore = dockerignoreMatchers(readFileSync(repo('.dockerignore'), 'utf8'));
  const pkg = JSON.parse(readFileSync(repo('package.json'), 'utf8')) as { scripts: Record<string, string> };
  const final = stages.at(-1) as Stage;
  const copies = (stage: Stage) =>
    stage.instructions.filter((i) => i.keyword === 'COPY').map((i) => parseCopy(i.args));
  const contextFiles = (source: string): string[] => {
    const clean = source.replace(/^\.\/|\/$/g, '');
    const files = statSync(repo(clean)).isDirectory() ? filesUnder(clean) : [clean];
    return files.filter((f) => !isIgnored(f, ignore));
  };

  /** What `dist/` holds in the build stage: the tsconfig its `npm run` compiles, file by file. */
  function builtDist(stage: Stage): string[] {
    const inContext = new Set(
      copies(stage)
        .filter((c) => !c.from)
        .flatMap((c) => c.sources.flatMap(contextFiles)),
    );
    const scripts = stage.instructions
      .filter((i) => i.keyword === 'RUN')
      .flatMap((i) => [...i.args.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? ''));
    const projects = scripts.flatMap((s) =>
      [...(pkg.scripts[s] ?? '').matchAll(/tsc -p (\S+)/g)].map((m) => m[1] ?? ''),
    );
    expect(
      projects.length,
      'the build stage compiles with `npm run <script>` → `tsc -p <tsconfig>`',
    ).toBeGreaterThan(0);
    return projects.flatMap((project) => {
      const config = JSON.parse(readFileSync(repo(project), 'utf8')) as {
        include?: string[];
        extends?: string;
      };
      const include = config.include ?? [];
      expect(include.length, `${project} lists what it compiles`).toBeGreaterThan(0);
      return (
        include
          .flatMap((dir) => sourceFiles(dir))
          // tsc can only compile what the Dockerfile copied into the stage.
          .filter((f) => inContext.has(f) && f.endsWith('.ts'))
          .map((f) => `dist/${f.replace(/\.ts$/, '.js')}`)
      );
    });
  }

  const image: string[] = copies(final).flatMap((c) => {
    if (c.from === 'build' && c.sources.some((s) => s.replace(/\/$/, '').endsWith('/dist'))) {
      return builtDist(stages.find((s) => s.name === 'build') as Stage);
    }
    if (c.from) return []; // node_modules from the deps stage: production dependencies only
    return c.sources.flatMap(contextFiles);
  });

  it('is made of the compiled product, its launcher and package files', () => {
    expect(image).toContain('dist/src/cli.js');
    expect(image).toContain('dist/src/main.js');
    expect(image).toContain('bin/infrabot.js');
    expect(image).toContain('package.json');
    expect(image).toContain('templates/queue.tf.tmpl');
  });

  it('contains no sandbox, emulator or demo file', () => {
    expect(image.filter((f) => /sandbox|emulator|demo/i.test(f))).toEqual([]);
    expect(
      // templates/: the Terraform templates `/infra add` renders (data, not code).
      image.filter(
        (f) =>
          !/^(dist\/src\/|bin\/infrabot\.js$|package\.json$|manifest\.yml$|templates\/[\w-]+\.tf\.tmpl$)/.test(
            f,
          ),
      ),
    ).toEqual([]);
  });

  it('keeps the sandbox out of the build context altogether', () => {
    for (const path of [
      'sandbox',
      'sandbox/emulators/aws/server.ts',
      'sandbox/web/index.html',
      'scripts/start.js',
    ])
      expect(isIgnored(path, ignore), path).toBe(true);
  });

  it('the compiled dist/src of this checkout imports nothing outside the product', () => {
    const built = sourceFiles('dist/src').filter((f) => f.endsWith('.js'));
    expect(built.length, 'run `npm run build` first').toBeGreaterThan(50);
    const outside = built.flatMap((f) =>
      specifiers(readFileSync(repo(f), 'utf8'))
        .filter((s) => s.startsWith('.'))
        .filter((s) => !relative(root, join(root, f, '..', s)).startsWith('dist/src/'))
        .map((s) => `${f} → ${s}`),
    );
    expect(outside).toEqual([]);
  });
});
