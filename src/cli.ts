import { readFileSync } from 'node:fs';
import { confirmPrompt } from './cli/confirm-prompt.js';
import { renderText } from './cli/render-text.js';
import { terminalActor } from './cli/terminal-actor.js';
import { runCommand } from './commands/run-command.js';
import { ConfigError, loadConfig } from './config/load-config.js';
import { configSchema } from './config/schema.js';
import { createLogger, secretsFromEnv } from './logger.js';
import { DEFAULT_STORE, defaultRegion, RuntimeEnvError, readRuntimeEnv } from './runtime-env.js';
import { buildServices, githubDeps } from './services.js';
import { openStore } from './store/open-store.js';
import { packageFile } from './util/package-root.js';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes: 0 done, 1 the command failed or was refused, 2 bad usage or config, 3 access denied. */
export const EXIT = { ok: 0, error: 1, usage: 2, denied: 3 } as const;

interface GlobalOptions {
  configPath?: string;
  words: string[];
  version: boolean;
}

function splitGlobalOptions(argv: readonly string[]): GlobalOptions | { error: string } {
  const words: string[] = [];
  let configPath: string | undefined;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config' || arg === '-c') {
      configPath = argv[++i];
      if (!configPath) return { error: '--config needs a path: infrabot --config infrabot.yml <command>' };
    } else if (arg.startsWith('--config=')) configPath = arg.slice('--config='.length);
    else if (arg === '--version' || arg === '-V') version = true;
    else if ((arg === '--help' || arg === '-h') && words.length === 0) words.push('help');
    else words.push(arg);
  }
  return { ...(configPath ? { configPath } : {}), words, version };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export async function main(argv: readonly string[], io: CliIo = defaultIo()): Promise<number> {
  const options = splitGlobalOptions(argv);
  if ('error' in options) {
    io.stderr.write(`${options.error}\n`);
    return EXIT.usage;
  }
  if (options.version) {
    io.stdout.write(`infrabot ${packageVersion()}\n`);
    return EXIT.ok;
  }
  const [first] = options.words;
  try {
    if (first === 'serve') return await serveCommand(options, io);
    if (first === 'doctor') return await doctorCommand(options, io);
    return await verbCommand(options, io);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof RuntimeEnvError) {
      io.stderr.write(`${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`infrabot: ${(error as Error).message}\n`);
    return EXIT.error;
  }
}

async function verbCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const runtime = readRuntimeEnv(io.env);
  // Logs go to stderr at warn level: stdout is the answer.
  const logger = createLogger({
    level: runtime.LOG_LEVEL ?? 'warn',
    secrets: secretsFromEnv(io.env),
    destination: process.stderr,
  });
  const loaded = await loadConfig(options.configPath, io.env, io.cwd);
  const config = loaded?.config ?? configSchema.parse({});
  const store = await openStore(runtime.INFRABOT_STORE ?? DEFAULT_STORE);
  try {
    const services = buildServices({
      config,
      store,
      logger,
      region: defaultRegion(runtime),
      ...githubDeps(runtime, logger, config),
    });
    const invocation = { actor: terminalActor(io.env), frontDoor: 'terminal' as const, services };
    const style = { color: io.stdout.isTTY === true && !io.env.NO_COLOR };
    const line = options.words.map((w) => (/[\s"'\\]/.test(w) ? JSON.stringify(w) : w)).join(' ');
    let result = await runCommand(line, invocation);
    if (result.outcome === 'confirm') {
      io.stdout.write(`${renderText({ ...result.message, buttons: [] }, style)}\n`);
      const yes = result.message.buttons?.find((b) => b.style === 'danger')?.command;
      if (!yes) return EXIT.error;
      if (io.stdin.isTTY !== true) {
        io.stderr.write(`Nothing changed. Re-run with --yes to go ahead: infrabot ${yes}\n`);
        return EXIT.error;
      }
      if (!(await confirmPrompt('Go ahead?', io.stdin, io.stdout))) {
        io.stdout.write('Cancelled; nothing changed.\n');
        return EXIT.ok;
      }
      result = await runCommand(yes, invocation);
    }
    const out = result.outcome === 'ok' ? io.stdout : io.stderr;
    if (result.progress) {
      out.write(`${renderText(result.message, style)}\n`);
      let last = result.message;
      for await (const step of result.progress) {
        last = step;
        if (step.title) out.write(`… ${step.title}\n`);
      }
      out.write(`${renderText(last, style)}\n`);
      return last.tone === 'danger' ? EXIT.error : EXIT.ok;
    }
    out.write(`${renderText(result.message, style)}\n`);
    return result.outcome === 'ok' ? EXIT.ok : result.outcome === 'denied' ? EXIT.denied : EXIT.error;
  } finally {
    await store.close();
  }
}

async function doctorCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const offline = options.words.includes('--offline');
  const { runDoctor } = await import('./doctor/run-doctor.js');
  const { formatCheck } = await import('./doctor/check.js');
  const results = await runDoctor({
    ...(options.configPath ? { configPath: options.configPath } : {}),
    env: io.env,
    cwd: io.cwd,
    aws: !offline,
  });
  for (const r of results) io.stdout.write(`${formatCheck(r)}\n`);
  const failed = results.filter((r) => r.status === 'fail').length;
  io.stdout.write(failed === 0 ? 'All checks passed.\n' : `${failed} check(s) failed.\n`);
  return failed === 0 ? EXIT.ok : EXIT.error;
}

async function serveCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const runtime = readRuntimeEnv(io.env);
  const { serve } = await import('./main.js');
  if (!runtime.SLACK_BOT_TOKEN) {
    if (io.env.NODE_ENV === 'production') {
      // A deployed bot whose secret lost its token must fail loudly, not quietly run a demo.
      io.stderr.write(
        'SLACK_BOT_TOKEN is not set and NODE_ENV=production: refusing to start the sandbox. Put the tokens in the secret (infra/README.md, step 4).\n',
      );
      return EXIT.usage;
    }
    const { startSandbox } = await import('../sandbox/start-sandbox.js');
    io.stdout.write('No Slack credentials (SLACK_BOT_TOKEN): starting the local sandbox instead.\n');
    const sandbox = await startSandbox({
      env: io.env,
      cwd: io.cwd,
      ...(options.configPath ? { configPath: options.configPath } : {}),
    });
    io.stdout.write(`infrabot sandbox ready: ${sandbox.url}\n`);
    await waitForSignal();
    await sandbox.stop();
    return EXIT.ok;
  }
  const bot = await serve({
    env: io.env,
    cwd: io.cwd,
    ...(options.configPath ? { configPath: options.configPath } : {}),
  });
  const signal = await waitForSignal();
  bot.logger.info({ signal }, 'shutting down: draining background work');
  const started = Date.now();
  await bot.stop();
  bot.logger.info({ ms: Date.now() - started }, 'stopped');
  return EXIT.ok;
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

function defaultIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}
