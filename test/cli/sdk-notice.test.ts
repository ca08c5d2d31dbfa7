import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'infrabot-sdk-notice-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('the AWS SDK’s Node-version notice', () => {
  it('does not reach the user of a command that loads the SDK', async () => {
    const run = await runCli(['status', 'dev'], {
      cwd,
      env: {
        INFRABOT_CONFIG_YAML:
          'environments:\n  dev:\n    region: ap-northeast-1\n    ecs: [{ cluster: dev }]\n',
      },
    });
    // The SDK was loaded and called (the endpoint is an unroutable local port)…
    expect(run.stdout + run.stderr).toMatch(/dev/);
    // …and its notice about Node versions stayed out of the output.
    expect(run.stderr).not.toContain('NodeVersionSupportWarning');
    expect(run.stderr).not.toContain('AWS SDK for JavaScript');
  });
});
