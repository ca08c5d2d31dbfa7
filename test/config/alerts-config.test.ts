import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { alertSettingsFrom } from '../../src/services.js';

const base = (alerts: string) => `alerts:\n  channel: C0ALERTS\n${alerts}`;

describe('alerts config', () => {
  it('reads the timings, with defaults and `off`', () => {
    const config = parseConfigText(base('  group_window: "off"\n  remind_every: 1h\n'), 'test.yml');
    expect(alertSettingsFrom(config.alerts!)).toEqual({
      groupWindowMs: 0,
      reopenWindowMs: 30 * 60_000,
      remindEveryMs: 3_600_000,
      graphs: true,
    });
    const off = parseConfigText(base('  remind_every: off\n  graphs: false\n'), 'test.yml');
    expect(alertSettingsFrom(off.alerts!)).toMatchObject({
      remindEveryMs: undefined,
      groupWindowMs: 120_000,
      graphs: false,
    });
  });

  it('says what is wrong with a bad timing, queue URL or channel', () => {
    const cases: Array<[string, RegExp]> = [
      ['  group_window: soon\n', /alerts\.group_window.*not a duration.*or off/],
      ['  remind_every: -5m\n', /alerts\.remind_every/],
      ['  reopen_window: 0\n', /alerts\.reopen_window/],
      ['  queue_url: not a url\n', /alerts\.queue_url/],
      ['  graphs: sometimes\n', /alerts\.graphs/],
      ['  grouping: 2m\n', /grouping/],
    ];
    for (const [yaml, why] of cases) {
      expect(() => parseConfigText(base(yaml), 'test.yml'), yaml).toThrow(why);
    }
    expect(() => parseConfigText('alerts:\n  channel: "<!channel>"\n', 'test.yml')).toThrow(/channel ID/);
  });
});
