import { readFileSync } from 'node:fs';
import { confirmPrompt } from './cli/confirm-prompt.js';
import { armLastResortExit } from './cli/last-resort-exit.js';
import { mrkdwnToText, renderText } from './cli/render-text.js';
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
  /** The environment to read; default: the process's (readRuntimeEnv reads it). */
  env?: NodeJS.ProcessEnv;
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

/** Verbs that read infrabot.yml: without one they can only say it is missing. */
const NEEDS_CONFIG = new Set(['status', 'stop', 'start', 'alarms']);

/** Exit code of a Ctrl-C'd command, as shells expect (128 + SIGINT). */
const EXIT_INTERRUPTED = 130;

async function verbCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const runtime = readRuntimeEnv(io.env);
  const level = runtime.LOG_LEVEL ?? 'warn';
  // Logs go to stderr at warn level: stdout is the answer. No stack traces unless asked for.
  const logger = createLogger({
    level,
    secrets: secretsFromEnv(runtime),
    destination: process.stderr,
    stacks: level === 'debug' || level === 'trace',
  });
  const loaded = await loadConfig(options.configPath, runtime, io.cwd);
  const verbWord = options.words[0]?.toLowerCase();
  if (!loaded && verbWord && NEEDS_CONFIG.has(verbWord)) {
    io.stderr.write(
      `No infrabot.yml was found in ${io.cwd} (nor --config or INFRABOT_CONFIG), so infrabot knows no environments.\nStart from the example: cp infrabot.example.yml infrabot.yml, then name your environments under "environments:" (README, "Configuration").\n`,
    );
    return EXIT.usage;
  }
  const config = loaded?.config ?? configSchema.parse({});
  const store = await openStore(runtime.INFRABOT_STORE ?? DEFAULT_STORE);
  // Ctrl-C during a stop or start: interrupt it, release its lease, then exit.
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  try {
    const services = buildServices({
      config,
      store,
      logger,
      region: defaultRegion(runtime),
      ...githubDeps(runtime, logger, config),
    });
    const invocation = {
      actor: terminalActor(runtime),
      frontDoor: 'terminal' as const,
      services,
      signal: interrupt.signal,
    };
    const style = { color: io.stdout.isTTY === true && !runtime.NO_COLOR };
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
        io.stdout.write('Cancelled, nothing changed.\n');
        return EXIT.ok;
      }
      result = await runCommand(yes, { ...invocation, confirmed: true });
    }
    const out = result.outcome === 'ok' ? io.stdout : io.stderr;
    if (result.progress) {
      process.on('SIGINT', onSigint);
      out.write(`${renderText(result.message, style)}\n`);
      let last = result.message;
      for await (const step of result.progress) {
        last = step;
        if (step.title) out.write(`… ${mrkdwnToText(step.title, { color: false })}\n`);
      }
      const end = await result.completion;
      const failed = end?.outcome !== 'ok';
      (failed ? io.stderr : io.stdout).write(`${renderText(last, style)}\n`);
      if (interrupt.signal.aborted) return EXIT_INTERRUPTED;
      return failed ? EXIT.error : EXIT.ok;
    }
    out.write(`${renderText(result.message, style)}\n`);
    if (result.usage) return EXIT.usage;
    return result.outcome === 'ok' ? EXIT.ok : result.outcome === 'denied' ? EXIT.denied : EXIT.error;
  } finally {
    process.off('SIGINT', onSigint);
    await store.close();
  }
}

async function doctorCommand(options: GlobalOptions, io: CliIo): Promise<number> {
  const offline = options.words.includes('--offline');
  const ssmPrefix = flagValue(options.words, '--ssm-prefix');
  if (ssmPrefix === null) {
    io.stderr.write(
      '--ssm-prefix needs the path of the token parameters: infrabot doctor --ssm-prefix /infrabot\n',
    );
    return EXIT.usage;
  }
  const { runDoctor } = await import('./doctor/run-doctor.js');
  const { formatCheck } = await import('./doctor/check.js');
  const results = await runDoctor({
    ...(options.configPath ? { configPath: options.configPath } : {}),
    ...(io.env ? { env: io.env } : {}),
    cwd: io.cwd,
    aws: !offline,
    ...(ssmPrefix !== undefined ? { ssmPrefix } : {}),
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
    // The sandbox is a separate program (the product never loads it, the image does not contain it).
    io.stderr.write(
      runtime.NODE_ENV === 'production'
        ? 'SLACK_BOT_TOKEN is not set and NODE_ENV=production: not starting. Put the token parameters (infra/README.md, step 4); `infrabot doctor --ssm-prefix /infrabot` names what is missing.\n'
        : 'SLACK_BOT_TOKEN is not set. Set it (and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET) to run the bot, or try infrabot without Slack: `npm start` (or `npm run sandbox`) starts the local sandbox.\n',
    );
    return EXIT.usage;
  }
  // Listen before starting: a SIGTERM during start-up (ECS replacing a task that is still starting)
  // must drain like any other, not kill the process with the default action.
  const signalled = waitForSignal();
  const bot = await serve({
    ...(io.env ? { env: io.env } : {}),
    cwd: io.cwd,
    ...(options.configPath ? { configPath: options.configPath } : {}),
  });
  const signal = await signalled;
  bot.logger.info(
    { signal },
    'shutting down: no new commands; draining commands in flight and background work',
  );
  const started = Date.now();
  // The last resort: whatever hangs (a socket that won't close), exit before the platform's SIGKILL.
  // Stays armed after stop(): a handle that keeps the process alive past the deadline counts too.
  armLastResortExit(bot.logger, runtime.INFRABOT_STOP_TIMEOUT_SECONDS ?? 30);
  await bot.stop();
  if (bot.inFlight.size > 0) {
    // Handed back (the asker was told, the audit says so): don't let them run on half-closed.
    bot.logger.warn(
      { ms: Date.now() - started, abandoned: bot.inFlight.size },
      'stopped with commands handed back',
    );
    bot.logger.flush?.();
    process.exit(EXIT.error);
  }
  bot.logger.info({ ms: Date.now() - started }, 'stopped');
  return EXIT.ok;
}

/** `--name value` or `--name=value`; null when the flag is there without a value. */
function flagValue(words: readonly string[], flag: string): string | undefined | null {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === flag) {
      const value = words[i + 1];
      return value === undefined || value.startsWith('--') ? null : value;
    }
    if (word.startsWith(`${flag}=`)) return word.slice(flag.length + 1) || null;
  }
  return undefined;
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
    cwd: process.cwd(),
  };
}
