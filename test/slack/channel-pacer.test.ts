import { describe, expect, it } from 'vitest';
import { ChannelPacer } from '../../src/slack/channel-pacer.js';

/** A virtual clock: sleeping advances time instantly, so pacing is measured without waiting. */
function virtualTime() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
}

describe('ChannelPacer', () => {
  it('lets a burst through, then one post per second per channel, in order', async () => {
    const time = virtualTime();
    const pacer = new ChannelPacer({ perSecond: 1, burst: 3, ...time });
    const at: Array<[string, number]> = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => pacer.schedule('C1', async () => at.push([`m${i}`, time.now()]))),
    );
    expect(at.map(([m]) => m)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(at.map(([, t]) => t)).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it('does not hold one channel back because another is busy', async () => {
    const time = virtualTime();
    const pacer = new ChannelPacer({ perSecond: 1, burst: 1, ...time });
    const order: string[] = [];
    const hot = Array.from({ length: 3 }, (_, i) => pacer.schedule('HOT', async () => order.push(`hot${i}`)));
    const other = pacer.schedule('OTHER', async () => order.push('other'));
    await Promise.all([...hot, other]);
    expect(order.indexOf('other')).toBeLessThan(order.indexOf('hot2'));
  });

  it('keeps going after a failed post and reports the failure to its caller', async () => {
    const pacer = new ChannelPacer(virtualTime());
    await expect(pacer.schedule('C1', async () => Promise.reject(new Error('ratelimited')))).rejects.toThrow(
      'ratelimited',
    );
    await expect(pacer.schedule('C1', async () => 'ok')).resolves.toBe('ok');
  });
});
