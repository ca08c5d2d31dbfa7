import { AwsClientFactory } from '../aws/aws-clients.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { DEFAULT_STORE, defaultRegion, RuntimeEnvError, readRuntimeEnv } from '../runtime-env.js';
import { type CheckResult, fail, pass, skip } from './check.js';
import { checkAws } from './check-aws.js';
import { checkGitHub } from './check-github.js';
import { checkSlack } from './check-slack.js';
import { checkSsmParameters } from './check-ssm.js';
import { checkStore } from './check-store.js';
import { manifestBotScopes } from './manifest-scopes.js';

export interface DoctorOptions {
  configPath?: string;
  /** Default: the process's environment (read through readRuntimeEnv). */
  env?: NodeJS.ProcessEnv;
  cwd: string;
  /** Skip AWS checks (offline). */
  aws?: boolean;
  /** Also check the token parameters of a Fargate deployment under this path (e.g. /infrabot). */
  ssmPrefix?: string;
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
  if (options.aws !== false) {
    const aws = new AwsClientFactory({ maxAttempts: 2 });
    results.push(...(await checkAws(config, aws, defaultRegion(runtime))));
    if (options.ssmPrefix !== undefined)
      results.push(...(await checkSsmParameters(options.ssmPrefix, config, aws, defaultRegion(runtime))));
  } else if (options.ssmPrefix !== undefined) {
    results.push(skip('ssm parameters', `not checked under ${options.ssmPrefix}: --offline skips AWS`));
  }
  results.push(...(await checkGitHub(runtime, config)));
  return results;
}
