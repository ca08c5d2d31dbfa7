import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, locateConfig, parseConfigText } from '../../src/config/load-config.js';

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, 'infrabot.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

describe('config', () => {
  it('accepts the shipped example config', async () => {
    const loaded = await loadConfigFile(new URL('../../infrabot.example.yml', import.meta.url).pathname);
    expect(Object.keys(loaded.config.environments)).toEqual(
      expect.arrayContaining(['dev', 'staging', 'prod']),
    );
    expect(loaded.config.environments.prod?.protected).toBe(true);
  });

  it('applies defaults', () => {
    const config = parseConfigText('environments:\n  dev: {}\n', 'x');
    expect(config.timezone).toBe('UTC');
    expect(config.environments.dev).toMatchObject({
      protected: false,
      ecs: [],
      rds: { instances: [], clusters: [] },
    });
    expect(config.access).toEqual({ viewers: [], operators: [], admins: [], channels: [] });
  });

  it('names the exact path and the cron problem', () => {
    expect(problemsOf('environments:\n  dev:\n    schedule: { stop: "0 25 * * *" }\n')).toEqual([
      'environments.dev.schedule.stop: "0 25 * * *" is not a valid cron expression: hour 25',
    ]);
  });

  it('suggests the right key for a typo and lists every problem at once', () => {
    const problems = problemsOf('timezon: UTC\nenvironments:\n  dev: { regoin: eu-west-1 }\n');
    expect(problems).toContain(
      'timezon: unknown key (did you mean `timezone`?); remove it or check the spelling',
    );
    expect(problems).toContain(
      'environments.dev.regoin: unknown key (did you mean `region`?); remove it or check the spelling',
    );
  });

  it('explains bad values', () => {
    const problems = problemsOf(
      [
        'timezone: Mars/Olympus',
        'environments:',
        '  Dev: {}',
        '  dev: { region: europe, role_arn: "arn:aws:iam::12:role/x", schedule: { warn_before: soon } }',
        'access: { admins: [bob], channels: [general] }',
        'changes: { repo: "not a repo" }',
      ].join('\n'),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'timezone: "Mars/Olympus" is not an IANA time zone (e.g. Europe/Berlin, Asia/Tokyo, UTC)',
        expect.stringMatching(
          /^environments\.Dev: "Dev" is not a valid name: environment names are lower-case/,
        ),
        'environments.dev.region: "europe" is not an AWS region (e.g. eu-west-1)',
        expect.stringMatching(/^environments\.dev\.role_arn: .* must be an IAM role ARN/),
        'environments.dev.schedule.warn_before: "soon" is not a duration (use e.g. 15m, 2h, 1h30m)',
        'environments.dev.schedule: needs a `start` or a `stop` cron expression',
        expect.stringMatching(/^access\.admins\.0: "bob" must be a Slack user ID/),
        expect.stringMatching(/^access\.channels\.0: "general" must be a Slack channel ID/),
        'changes.repo: "not a repo" must be owner/name, e.g. acme/infra',
      ]),
    );
  });

  it('reports wrong types without crashing', () => {
    expect(problemsOf('environments: [dev]\n')).toEqual(['environments: expected record, got a list']);
    expect(problemsOf('- a\n- b\n')[0]).toContain('top level must be a mapping');
    expect(problemsOf('42\n')[0]).toContain('top level must be a mapping');
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('environments:\n  dev: {\n');
    expect(problems[0]).toMatch(/^line \d+, column \d+: .*\(YAML syntax\)$/);
    expect(problemsOf('a: 1\na: 2\n')[0]).toContain('YAML syntax');
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      );
    expect(() => parseConfigText(bomb.join('\n'), 'bomb.yml')).toThrow(ConfigError);
  });

  it('says what to do when the file is missing or a directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'infrabot-config-'));
    await expect(loadConfigFile(join(dir, 'nope.yml'))).rejects.toThrow(
      /does not exist.*infrabot.example.yml/,
    );
    await mkdir(join(dir, 'sub'));
    await expect(loadConfigFile(join(dir, 'sub'))).rejects.toThrow(/is a directory/);
  });

  it('locates the config in order: flag, INFRABOT_CONFIG, INFRABOT_CONFIG_YAML, ./infrabot.yml', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'infrabot-locate-'));
    expect(locateConfig(undefined, {}, dir)).toBeUndefined();
    await writeFile(join(dir, 'infrabot.yml'), 'timezone: UTC\n');
    expect(locateConfig(undefined, {}, dir)).toEqual({ path: join(dir, 'infrabot.yml') });
    expect(locateConfig(undefined, { INFRABOT_CONFIG_YAML: 'x: 1' }, dir)).toEqual({ inline: 'x: 1' });
    expect(locateConfig(undefined, { INFRABOT_CONFIG: 'a.yml', INFRABOT_CONFIG_YAML: 'x' }, dir)).toEqual({
      path: join(dir, 'a.yml'),
    });
    expect(locateConfig('b.yml', { INFRABOT_CONFIG: 'a.yml' }, dir)).toEqual({ path: join(dir, 'b.yml') });
  });
});
