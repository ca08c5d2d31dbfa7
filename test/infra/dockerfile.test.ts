/**
 * Static checks of the Dockerfile and .dockerignore (no Docker engine is available to build it):
 * multi-stage, production dependencies only, non-root, a curl-free HEALTHCHECK, no `latest`, no
 * architecture-specific steps, and a build context that contains what the COPYs need.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  dockerignoreMatchers,
  execForm,
  isIgnored,
  parseCopy,
  parseDockerfile,
  parseKeyValues,
  type Stage,
} from './dockerfile.js';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const dockerfile = parseDockerfile(readFileSync(repo('Dockerfile'), 'utf8'));
const ignore = dockerignoreMatchers(readFileSync(repo('.dockerignore'), 'utf8'));

const { stages } = dockerfile;
const final = stages[stages.length - 1] as Stage;
const stageNames = new Set(stages.map((s) => s.name));
const of = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);
const runs = (stage: Stage) => of(stage, 'RUN').map((i) => i.args);
const stageNamed = (name: string): Stage => {
  const stage = stages.find((s) => s.name === name);
  if (!stage) throw new Error(`no stage ${name}; stages: ${[...stageNames]}`);
  return stage;
};

describe('Dockerfile', () => {
  it('is multi-stage, and every external base image is pinned to a non-latest tag or digest', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const external = stages.filter((s) => !stageNames.has(s.base));
    expect(external.length).toBeGreaterThan(0);
    for (const s of external) {
      expect(s.base, `stage ${s.name}: unresolved ARG`).not.toContain('$');
      const m =
        /^(?<image>[^@:]+(?::\d+\/[^@:]+)?)(?::(?<tag>[^@]+))?(?:@(?<digest>sha256:[0-9a-f]{64}))?$/.exec(
          s.base,
        );
      expect(m, s.base).not.toBeNull();
      expect(m?.groups?.tag ?? m?.groups?.digest, `${s.base} has no tag`).toBeTruthy();
      expect(m?.groups?.tag, s.base).not.toBe('latest');
      expect(s.base, 'Node 24 on Debian bookworm slim').toMatch(
        /^node:24-bookworm-slim(@sha256:[0-9a-f]{64})?$/,
      );
    }
    expect(readFileSync(repo('Dockerfile'), 'utf8')).not.toMatch(/:latest\b/);
  });

  it('builds with the toolchain for the better-sqlite3 native addon, npm ci and npm run build', () => {
    const all = stages.flatMap(runs).join('\n');
    expect(all).toMatch(/apt-get install[^\n]*\bpython3\b/);
    expect(all).toMatch(/apt-get install[^\n]*\bmake\b/);
    expect(all).toMatch(/apt-get install[^\n]*\bg\+\+/);
    expect(all).toMatch(/\bnpm ci\b/);
    expect(all).toContain('npm run build');
    // A lock-file install everywhere: `npm install` could resolve different versions.
    expect(all).not.toMatch(/\bnpm (install|i)\b/);
  });

  it('puts only production dependencies in the final image', () => {
    const copies = of(final, 'COPY').map((i) => parseCopy(i.args));
    const modules = copies.find((c) => c.dest.replace(/\/$/, '').endsWith('node_modules'));
    expect(modules?.from, 'node_modules must come from an earlier stage').toBeDefined();
    const source = stageNamed(modules?.from ?? '');
    const installs = runs(source).join('\n');
    expect(installs).toMatch(/npm ci\b[^\n]*--omit=dev|npm prune\b[^\n]*--omit=dev/);
    // The final stage installs nothing itself and does not copy the whole context.
    expect(runs(final)).toEqual([]);
    for (const c of copies) expect(c.sources, 'COPY . into the final stage').not.toContain('.');
  });

  it('copies only dist/, the launcher bin/infrabot.js, node_modules, package.json, manifest.yml and templates/ into the final image', () => {
    const copied = of(final, 'COPY')
      .flatMap((i) => parseCopy(i.args).sources)
      .map((s) => s.replace(/^\/app\/|^\.\/|\/$/g, ''))
      .sort();
    expect(copied).toEqual([
      'bin/infrabot.js',
      'dist',
      'manifest.yml',
      'node_modules',
      'package.json',
      'templates',
    ]);
  });

  it('copies from the build context only paths that exist in the repository', () => {
    const fromContext = stages
      .flatMap((stage) => of(stage, 'COPY'))
      .filter((i) => !/--from=/.test(i.args))
      .flatMap((i) => parseCopy(i.args).sources)
      .filter((s) => s !== '.');
    for (const source of fromContext) {
      expect(existsSync(repo(source)), `${source} must exist for docker build`).toBe(true);
    }
  });

  it('runs as a non-root user with NODE_ENV=production', () => {
    const users = of(final, 'USER').map((i) => i.args.trim());
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1] ?? '';
    expect(user.split(':')[0]).not.toMatch(/^(root|0)$/);
    expect(user).toBe('node'); // uid 1000 in the node images; the ECS task sets "1000:1000"
    const env = Object.assign({}, ...of(final, 'ENV').map((i) => parseKeyValues(i.args)));
    expect(env.NODE_ENV).toBe('production');
  });

  it('health-checks /healthz with node, not curl or wget (neither is in the image)', () => {
    const [healthcheck] = of(final, 'HEALTHCHECK');
    expect(healthcheck).toBeDefined();
    const command = execForm(healthcheck?.args ?? '');
    expect(command?.slice(0, 2)).toEqual(['node', '-e']);
    expect(command?.join(' ')).toContain('/healthz');
    const instructions = stages.flatMap((s) => s.instructions.map((i) => i.args)).join('\n');
    expect(instructions).not.toMatch(/\b(curl|wget)\b/);
  });

  it('starts `node bin/infrabot.js serve` in exec form (signals reach node directly)', () => {
    const cmds = of(final, 'CMD');
    expect(cmds).toHaveLength(1);
    expect(execForm(cmds[0]?.args ?? '')).toEqual(['node', 'bin/infrabot.js', 'serve']);
    expect(of(final, 'ENTRYPOINT')).toEqual([]);
  });

  it('has no architecture-specific step, so one file builds linux/arm64 and linux/amd64', () => {
    const steps = stages.flatMap(runs).join('\n');
    expect(steps).not.toMatch(/amd64|x86_64|arm64|aarch64|\bx64\b/i);
    // Nothing downloaded by hand (binaries would be for one architecture).
    expect(steps).not.toMatch(/https?:\/\//);
    expect(stages.map((s) => s.platform).filter((p) => p !== undefined && p !== '$BUILDPLATFORM')).toEqual(
      [],
    );
  });

  it('bakes in no secrets', () => {
    const declared = stages.flatMap((s) => [...of(s, 'ARG'), ...of(s, 'ENV')]).map((i) => i.args);
    for (const d of declared) expect(d).not.toMatch(/TOKEN|SECRET|PASSWORD|PRIVATE_KEY/i);
  });
});

describe('build context (.dockerignore)', () => {
  const contextSources = stages
    .flatMap((s) => of(s, 'COPY').map((i) => parseCopy(i.args)))
    .filter((c) => c.from === undefined)
    .flatMap((c) => c.sources);

  it('contains every path the Dockerfile copies from it', () => {
    expect(contextSources.length).toBeGreaterThan(5);
    for (const source of contextSources) {
      expect(existsSync(repo(source)), `${source} is copied but does not exist`).toBe(true);
      expect(isIgnored(source, ignore), `${source} is copied but excluded by .dockerignore`).toBe(false);
    }
  });

  it('keeps dependencies, build output, tests, infra, local state and secrets out', () => {
    for (const path of [
      'node_modules',
      'sandbox/node_modules/x',
      'dist',
      '.git',
      'test',
      'infra',
      '.env',
      '.env.local',
      '.infrabot',
      'state.sqlite',
      'infra/.terraform',
    ]) {
      expect(isIgnored(path, ignore), path).toBe(true);
    }
  });
});
