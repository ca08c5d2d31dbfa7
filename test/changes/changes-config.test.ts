import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load-config.js';
import { RuntimeEnvError, readRuntimeEnv } from '../../src/runtime-env.js';

function problemsOf(text: string): string[] {
  try {
    parseConfigText(text, 'infrabot.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected the config to be rejected');
}

describe('changes: config', () => {
  it('has defaults for everything but the repo', () => {
    expect(parseConfigText('changes:\n  repo: acme/infra\n', 'x').changes).toEqual({
      repo: 'acme/infra',
      base: 'main',
      path: '',
      reviewers: [],
      labels: ['infrabot'],
      templates_path: '.infrabot/templates',
    });
  });

  it.each([
    ['changes:\n  repo: acme\n', /changes.repo.*owner\/name/],
    [
      'changes:\n  repo: acme/infra\n  reviewers: ["al ice"]\n',
      /changes.reviewers.0.*GitHub login or org\/team-slug/,
    ],
    ['changes:\n  repo: acme/infra\n  reviewers: ["a/b/c"]\n', /changes.reviewers.0/],
    ['changes:\n  repo: acme/infra\n  labels: [""]\n', /changes.labels.0/],
    ['changes:\n  repo: acme/infra\n  tempaltes_path: x\n', /tempaltes_path/],
  ])('refuses %j', (text, problem) => {
    expect(problemsOf(text).join('\n')).toMatch(problem);
  });
});

describe('GitHub environment variables', () => {
  it('accepts an App key with literal \\n, as env files hold it', () => {
    const env = readRuntimeEnv({
      GITHUB_APP_ID: '1',
      GITHUB_APP_PRIVATE_KEY: 'a\\nb',
      GITHUB_APP_INSTALLATION_ID: '2',
    });
    expect(env.GITHUB_APP_PRIVATE_KEY).toBe('a\nb');
  });

  it.each([
    [{ GITHUB_APP_ID: 'my-app' }, /GITHUB_APP_ID must be the numeric App ID/],
    [{ GITHUB_APP_INSTALLATION_ID: '12a' }, /GITHUB_APP_INSTALLATION_ID must be the numeric installation ID/],
    [{ GITHUB_API_URL: 'ghe.acme/api/v3' }, /GITHUB_API_URL must be an http\(s\) URL/],
  ])('refuses %j without echoing the value', (env, message) => {
    expect(() => readRuntimeEnv(env)).toThrow(RuntimeEnvError);
    expect(() => readRuntimeEnv(env)).toThrow(message);
  });
});
