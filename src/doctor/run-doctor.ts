import { AwsClientFactory } from '../aws/aws-clients.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { DEFAULT_STORE, defaultRegion, RuntimeEnvError, readRuntimeEnv } from '../runtime-env.js';
import { type CheckResult, fail, pass } from './check.js';
import { checkAws } from './check-aws.js';
import { checkGitHub } from './check-github.js';
import { checkSlack } from './check-slack.js';
import { checkStore } from './check-store.js';
import { manifestBotScopes } from './manifest-scopes.js';

export interface DoctorOptions {
  configPath?: string;
  /** Default: the process's environment (read through readRuntimeEnv). */
  env?: NodeJS.ProcessEnv;
  cwd: string;
  /** Skip AWS checks (offline). */
  aws?: boolean;
}

/** Runs every check; the exit code is 0 only when none failed. */
export async function runDoctor(options: DoctorOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  let runtime: ReturnType<typeof readRuntimeEnv>;
  try {
    runtime = readRuntimeEnv(options.env);
    results.push(pass('environment variables', 'well-formed'));
  } catch (error) {
    const problems = error instanceof RuntimeEnvError ? error.problems.join('; ') : (error as Error).message;
    return [fail('environment variables', problems, 'fix the variables named above')];
  }
  let config: Config | undefined;
  try {
    const loaded = await loadConfig(options.configPath, runtime, options.cwd);
    if (loaded) {
      config = loaded.config;
      results.push(
        pass('config', `${loaded.source}: ${Object.keys(config.environments).length} environment(s)`),
      );
    } else {
      results.push(
        fail(
          'config',
          'no infrabot.yml found',
          'copy infrabot.example.yml to infrabot.yml, or pass --config / set INFRABOT_CONFIG',
        ),
      );
    }
  } catch (error) {
    const detail = error instanceof ConfigError ? error.problems.join('; ') : (error as Error).message;
    results.push(fail('config', detail, 'fix the lines named above in the config file'));
  }
  results.push(...(await checkStore(runtime.INFRABOT_STORE ?? DEFAULT_STORE)));
  results.push(...(await checkSlack(runtime, config, await manifestBotScopes())));
  if (options.aws !== false)
    results.push(
      ...(await checkAws(config, new AwsClientFactory({ maxAttempts: 2 }), defaultRegion(runtime))),
    );
  results.push(...(await checkGitHub(runtime, config)));
  return results;
}
