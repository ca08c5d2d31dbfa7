import { describe, expect, it } from 'vitest';
import type { Worker } from '../../src/workers/worker.js';
import { WorkerHost } from '../../src/workers/worker-host.js';
import { captureLogger } from '../support/capture-logger.js';

function loopWorker(name: string, inFlightMs: number) {
  const events: string[] = [];
  let loop: Promise<void> | undefined;
  const worker: Worker = {
    name,
    async start(signal) {
      loop = (async () => {
        while (!signal.aborted) {
          events.push('work');
          await new Promise((r) => setTimeout(r, inFlightMs));
          events.push('done');
        }
      })();
    },
    async drain() {
      await loop;
      events.push('drained');
    },
  };
  return { worker, events };
}

describe('WorkerHost', () => {
  it('aborts every worker at once and waits for in-flight work to finish', async () => {
    const a = loopWorker('a', 30);
    const b = loopWorker('b', 10);
    const host = new WorkerHost([a.worker, b.worker], { logger: captureLogger().logger });
    await host.start();
    expect(host.health().map((h) => h.state)).toEqual(['running', 'running']);
    await new Promise((r) => setTimeout(r, 15));
    await host.stop();
    for (const w of [a, b]) {
      expect(w.events.at(-1)).toBe('drained');
      expect(w.events.filter((e) => e === 'work').length).toBe(w.events.filter((e) => e === 'done').length);
    }
    expect(host.health().map((h) => h.state)).toEqual(['stopped', 'stopped']);
    expect(host.signal.aborted).toBe(true);
  });

  it('gives up on a worker that does not drain before the deadline, and says so', async () => {
    const stuck: Worker = {
      name: 'stuck',
      start: async () => undefined,
      drain: () => new Promise(() => undefined),
    };
    const { logger, text } = captureLogger();
    const host = new WorkerHost([stuck], { logger, drainTimeoutMs: 50 });
    await host.start();
    const began = Date.now();
    await host.stop();
    expect(Date.now() - began).toBeLessThan(1_000);
    expect(host.health()[0]).toMatchObject({ state: 'failed', error: 'drain timed out' });
    expect(text()).toContain('did not drain');
  });

  it('keeps the others running when one fails to start', async () => {
    const bad: Worker = {
      name: 'bad',
      start: async () => Promise.reject(new Error('no queue')),
      drain: async () => undefined,
    };
    const good = loopWorker('good', 5);
    const host = new WorkerHost([bad, good.worker], { logger: captureLogger().logger });
    await host.start();
    expect(host.health()).toEqual([
      { name: 'bad', state: 'failed', error: 'Error: no queue' },
      { name: 'good', state: 'running' },
    ]);
    await host.stop();
    expect(good.events.at(-1)).toBe('drained');
  });
});
