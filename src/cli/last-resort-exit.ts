import type { Logger } from '../logger.js';

/** What is left of the platform's stop timeout when infrabot gives up on a clean shutdown. */
const MARGIN_MS = 2_000;

/**
 * The last resort of a shutdown: if the process is still alive (draining, closing Slack, or held by
 * a stray handle) shortly before the platform's SIGKILL (ECS stopTimeout, given as
 * INFRABOT_STOP_TIMEOUT_SECONDS), log it and exit 1 ourselves. An exit we choose is logged and flushed; a SIGKILL loses the log line saying why, and
 * reports a clean-looking 137. Example of a hang this catches: Slack not answering the close
 * handshake, which the Socket Mode client waits 30 s for.
 */
export function armLastResortExit(
  logger: Logger,
  stopTimeoutSeconds: number,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  const afterMs = Math.max(500, stopTimeoutSeconds * 1000 - MARGIN_MS);
  const timer = setTimeout(() => {
    logger.error(
      { afterMs, stopTimeoutSeconds },
      'shutdown did not finish before the stop timeout: exiting now; work not handed back returns through its lease or queue visibility timeout',
    );
    // The log line must reach CloudWatch before the process is gone.
    logger.flush(() => exit(1));
  }, afterMs);
  // Never the reason the process stays alive; a process that exits in time never sees it fire.
  timer.unref();
}
