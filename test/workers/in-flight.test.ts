import { describe, expect, it } from 'vitest';
import { InFlight } from '../../src/workers/in-flight.js';
import { captureLogger } from '../support/capture-logger.js';

const later = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('InFlight', () => {
  it('accepts work until drain, then refuses new work', async () => {
    const inFlight = new InFlight(captureLogger().logger);
    expect(inFlight.accepting).toBe(true);
    await inFlight.drain(Date.now());
    expect(inFlight.accepting).toBe(false);
  });

  it('waits for running work to finish before the deadline, abandoning nothing', async () => {
    const inFlight = new InFlight(captureLogger().logger);
    let finished = false;
    let abandoned = false;
    void inFlight.track(
      {
        label: 'stop dev --yes',
        abandon: async () => {
          abandoned = true;
        },
      },
      later(50).then(() => {
        finished = true;
      }),
    );
    expect(inFlight.size).toBe(1);
    const report = await inFlight.drain(Date.now() + 5_000);
    expect(report).toEqual({ finished: 1, abandoned: [] });
    expect(finished).toBe(true);
    expect(abandoned).toBe(false);
    expect(inFlight.size).toBe(0);
  });

  it('hands back what is still running at the deadline, and reports a failing hand-back without throwing', async () => {
    const { logger, text } = captureLogger();
    const inFlight = new InFlight(logger);
    const handedBack: string[] = [];
    void inFlight.track({ label: 'quick', abandon: async () => void handedBack.push('quick') }, later(5));
    void inFlight.track(
      { label: 'stop dev --yes', abandon: async () => void handedBack.push('stop') },
      later(10_000),
    );
    void inFlight.track(
      {
        label: 'start dev --yes',
        abandon: async () => {
          throw new Error('response_url expired');
        },
      },
      later(10_000),
    );
    const report = await inFlight.drain(Date.now() + 100);
    expect(report.finished).toBe(1);
    expect(report.abandoned.sort()).toEqual(['start dev --yes', 'stop dev --yes']);
    expect(handedBack).toEqual(['stop']);
    expect(text()).toContain('shutdown deadline reached');
    expect(text()).toContain('could not report an interrupted command');
  });

  it('does not swallow the failure of tracked work: the caller still sees it', async () => {
    const inFlight = new InFlight(captureLogger().logger);
    await expect(inFlight.track({ label: 'x' }, Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await inFlight.drain(Date.now() + 1_000)).abandoned).toEqual([]);
  });
});
