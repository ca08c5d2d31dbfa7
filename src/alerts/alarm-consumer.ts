import type { Logger } from '../logger.js';
import type { MessageQueue, QueueMessage } from '../ports/message-queue.js';
import type { Worker } from '../workers/worker.js';
import type { AlertsService } from './alerts-service.js';
import { decodeAlarmMessage } from './decode-alarm-message.js';

export interface AlarmConsumerOptions {
  alerts: AlertsService;
  queue: MessageQueue;
  logger: Logger;
  /** How long a received message stays invisible; renewed at half-time while it is worked on. */
  visibilitySeconds?: number;
  /** Long-poll wait (SQS allows up to 20 s). */
  waitSeconds?: number;
  /** Messages worked on at once; receiving pauses above it (Slack is the slow part). */
  maxInFlight?: number;
  /** How long a message Slack did not take stays hidden before it is tried again. */
  retryDelaySeconds?: number;
}

/**
 * Long-polls the alarm queue. Each message is decoded, taken into its incident, and deleted only
 * once Slack shows what it caused. A message that is not an alarm event is logged with why and
 * left alone: SQS brings it back and, after maxReceiveCount, moves it to the dead-letter queue.
 * Nothing one message does blocks the ones behind it.
 */
export class AlarmConsumer implements Worker {
  readonly name = 'alarm-consumer';
  private readonly inFlight = new Map<string, { message: QueueMessage; done: Promise<void> }>();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: AlarmConsumerOptions) {}

  async start(signal: AbortSignal): Promise<void> {
    this.loop = this.run(signal);
  }

  private get visibility(): number {
    return this.options.visibilitySeconds ?? 60;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { queue, logger } = this.options;
    let backoff = 500;
    while (!signal.aborted) {
      if (this.inFlight.size >= (this.options.maxInFlight ?? 500)) {
        await Promise.race([...this.inFlight.values()].map((f) => f.done));
        continue;
      }
      let messages: QueueMessage[];
      try {
        messages = await queue.receive({
          max: 10,
          waitSeconds: this.options.waitSeconds ?? 20,
          visibilitySeconds: this.visibility,
          signal,
        });
        backoff = 500;
      } catch (error) {
        if (signal.aborted) break;
        logger.warn(
          { err: error, backoffMs: backoff },
          'could not receive from the alarm queue; trying again',
        );
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      for (const message of messages) {
        if (this.inFlight.has(message.id)) continue;
        const done = this.handle(message).finally(() => this.inFlight.delete(message.id));
        this.inFlight.set(message.id, { message, done });
      }
    }
  }

  private async handle(message: QueueMessage): Promise<void> {
    const { alerts, queue, logger } = this.options;
    const decoded = decodeAlarmMessage(message.body);
    if (!decoded.ok) {
      logger.warn(
        { messageId: message.id, receiveCount: message.receiveCount, why: decoded.why },
        'alarm queue message is not an alarm state change; left for the dead-letter queue',
      );
      return;
    }
    const t = decoded.transition;
    const heartbeat = setInterval(
      () => {
        queue.extend(message, this.visibility).catch((error: unknown) => {
          logger.warn(
            { err: error, messageId: message.id },
            'could not extend the visibility of an alarm message',
          );
        });
      },
      (this.visibility * 1000) / 2,
    );
    heartbeat.unref?.();
    try {
      const outcome = await alerts.ingest(t);
      if ('ignored' in outcome) {
        logger.info(
          { alarm: t.alarmName, state: t.state, eventId: t.eventId, why: outcome.ignored },
          'alarm transition needs no post',
        );
        await queue.delete(message);
        return;
      }
      const shown = await alerts.waitShown(outcome.incidentId, t.eventId, outcome.revision);
      if (shown) {
        await queue.delete(message);
        return;
      }
      logger.warn(
        {
          alarm: t.alarmName,
          eventId: t.eventId,
          incident: outcome.incidentId,
          receiveCount: message.receiveCount,
        },
        'Slack does not show this alarm transition yet; the message comes back from the queue to try again',
      );
      await queue.extend(message, this.options.retryDelaySeconds ?? 10).catch(() => undefined);
    } catch (error) {
      logger.error(
        { err: error, alarm: t.alarmName, eventId: t.eventId, receiveCount: message.receiveCount },
        'could not handle an alarm transition; the message comes back from the queue to try again',
      );
    } finally {
      clearInterval(heartbeat);
    }
  }

  async drain(deadline: number): Promise<void> {
    await this.loop?.catch(() => undefined);
    const left = Math.max(0, deadline - Date.now() - 500);
    const all = Promise.all([...this.inFlight.values()].map((f) => f.done));
    await Promise.race([all, new Promise((r) => setTimeout(r, left).unref?.())]);
    // What is still unfinished goes back to the queue now, for another replica to take.
    await Promise.all(
      [...this.inFlight.values()].map((f) => this.options.queue.extend(f.message, 0).catch(() => undefined)),
    );
    this.options.alerts.close();
  }
}
