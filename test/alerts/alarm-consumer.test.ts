import { describe, expect, it } from 'vitest';
import { AlarmConsumer } from '../../src/alerts/alarm-consumer.js';
import type { AlertsService } from '../../src/alerts/alerts-service.js';
import type { MessageQueue, QueueMessage } from '../../src/ports/message-queue.js';
import { captureLogger } from '../support/capture-logger.js';
import { singleMetricEvent } from './fixtures/alarm-events.js';

/** A queue that hands out the given messages once and records what the consumer did with them. */
function fakeQueue(bodies: string[]) {
  const pending: QueueMessage[] = bodies.map((body, i) => ({
    id: `m${i}`,
    body,
    receipt: `r${i}`,
    receiveCount: 1,
  }));
  const deleted: string[] = [];
  const extended: Array<[string, number]> = [];
  const queue: MessageQueue = {
    async receive({ signal }) {
      const batch = pending.splice(0, 10);
      if (batch.length > 0) return batch;
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        signal?.addEventListener('abort', () => {
          clearTimeout(t);
          r();
        });
      });
      return [];
    },
    async delete(m) {
      deleted.push(m.id);
    },
    async extend(m, seconds) {
      extended.push([m.id, seconds]);
    },
  };
  return { queue, deleted, extended };
}

const until = async (probe: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('AlarmConsumer', () => {
  it('leaves malformed messages alone (for the DLQ) and keeps going with the next', async () => {
    const { logger, text } = captureLogger();
    const { queue, deleted, extended } = fakeQueue([
      '{"broken"',
      JSON.stringify(singleMetricEvent('ok-one', 'ALARM')),
    ]);
    const alerts = {
      ingest: async () => ({ incidentId: 'inc-aaaaaa', revision: 1 }),
      waitShown: async () => true,
      close: () => undefined,
    } as unknown as AlertsService;
    const consumer = new AlarmConsumer({ alerts, queue, logger, waitSeconds: 0 });
    const controller = new AbortController();
    await consumer.start(controller.signal);
    await until(() => deleted.includes('m1'));
    controller.abort();
    await consumer.drain(Date.now() + 1_000);
    expect(deleted).toEqual(['m1']);
    expect(extended.filter(([id]) => id === 'm0')).toEqual([]);
    expect(text()).toContain('body is not JSON');
  });

  it('does not delete what Slack has not shown, and a store failure never stops the loop', async () => {
    const { logger, text } = captureLogger();
    const bodies = ['a', 'b', 'c'].map((n) => JSON.stringify(singleMetricEvent(n, 'ALARM')));
    const { queue, deleted, extended } = fakeQueue(bodies);
    const alerts = {
      ingest: async (t: { alarmName: string }) => {
        if (t.alarmName === 'a') throw new Error('store is down');
        return { incidentId: t.alarmName === 'b' ? 'inc-bbbbbb' : 'inc-cccccc', revision: 1 };
      },
      // Slack refused what `b` caused (e.g. channel_not_found).
      waitShown: async (id: string) => id !== 'inc-bbbbbb',
      close: () => undefined,
    } as unknown as AlertsService;
    const consumer = new AlarmConsumer({ alerts, queue, logger, waitSeconds: 0, retryDelaySeconds: 7 });
    const controller = new AbortController();
    await consumer.start(controller.signal);
    await until(() => deleted.length + extended.length >= 2 && text().includes('store is down'));
    controller.abort();
    await consumer.drain(Date.now() + 1_000);
    expect(text()).toContain('store is down');
    // Only what Slack showed is deleted; `b` comes back after the retry delay, `a` after its
    // visibility timeout: both stay in the queue (and reach the DLQ if they keep failing).
    expect(deleted).toEqual(['m2']);
    expect(extended).toEqual([['m1', 7]]);
  });

  it('hands unfinished work back to the queue when it drains', async () => {
    const { logger } = captureLogger();
    const { queue, deleted, extended } = fakeQueue([JSON.stringify(singleMetricEvent('slow', 'ALARM'))]);
    let closed = false;
    const alerts = {
      ingest: async () => ({ incidentId: 'inc-aaaaaa', revision: 1 }),
      waitShown: () => new Promise<boolean>(() => undefined),
      close: () => {
        closed = true;
      },
    } as unknown as AlertsService;
    const consumer = new AlarmConsumer({ alerts, queue, logger, waitSeconds: 0 });
    const controller = new AbortController();
    await consumer.start(controller.signal);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await consumer.drain(Date.now() + 700);
    expect(deleted).toEqual([]);
    expect(extended).toContainEqual(['m0', 0]);
    // No delayed parent edit may call Slack from a process that is closing.
    expect(closed).toBe(true);
  });
});
