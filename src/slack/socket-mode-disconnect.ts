import type { SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** How long Slack gets to answer our close frame before the connection is simply dropped. */
export const CLOSE_HANDSHAKE_GRACE_MS = 3_000;

/**
 * Closes the Socket Mode connection and resolves once it is closed. Bolt's own stop() starts the
 * close without waiting for it, and the Socket Mode client waits up to 30 s for Slack's half of
 * the close handshake: as long as ECS's whole stop timeout. So: close with a close frame (Slack
 * then stops routing envelopes to this connection at once), wait a short grace for the answer,
 * then drop the connection (a second disconnect() terminates a connection that is closing).
 */
export async function disconnectSocketMode(
  receiver: SocketModeReceiver,
  logger: Logger,
  graceMs = CLOSE_HANDSHAKE_GRACE_MS,
): Promise<void> {
  const closed = receiver.client.disconnect();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  try {
    if ((await Promise.race([closed.then(() => 'closed' as const), late])) === 'late') {
      logger.warn(
        { graceMs },
        'Slack did not answer the Socket Mode close handshake: dropping the connection',
      );
      await receiver.client.disconnect();
    }
  } finally {
    clearTimeout(timer);
  }
}
