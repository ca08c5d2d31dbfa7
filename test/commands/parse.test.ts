import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse.js';
import { tokenize } from '../../src/commands/tokenize.js';
import { type TestServices, testServices } from '../support/test-services.js';

let t: TestServices;
beforeAll(async () => {
  t = await testServices();
});
afterAll(() => t.close());

const parse = (input: string) => parseCommand(input, t.services.registry, { services: t.services });

describe('tokenize', () => {
  it('splits on whitespace and honours quotes and escapes', () => {
    expect(tokenize('  help   stop ')).toEqual({ ok: true, words: ['help', 'stop'] });
    expect(tokenize(`add "my queue" 'it''s' a\\ b`)).toEqual({
      ok: true,
      words: ['add', 'my queue', 'its', 'a b'],
    });
    expect(tokenize('say "a \\"quoted\\" word"')).toEqual({ ok: true, words: ['say', 'a "quoted" word'] });
    expect(tokenize('x ""')).toEqual({ ok: true, words: ['x', ''] });
  });

  it('treats typographic quotes from Slack clients as plain quotes', () => {
    expect(tokenize('help “stop”')).toEqual({ ok: true, words: ['help', 'stop'] });
  });

  it('reports an unclosed quote and an over-long line', () => {
    expect(tokenize('help "stop')).toEqual({
      ok: false,
      error: expect.stringContaining('quote is not closed'),
    });
    expect(tokenize('x'.repeat(2_001))).toEqual({
      ok: false,
      error: expect.stringContaining('limit is 2000'),
    });
  });
});

describe('parseCommand', () => {
  it('parses a verb with its arguments into typed params', () => {
    const result = parse('audit 25');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.command.verb.name).toBe('audit');
    expect(result.command.params).toEqual({ count: 25 });
    expect(result.command.line).toBe('audit 25');
  });

  it('treats empty input as help', () => {
    const result = parse('   ');
    expect(result.ok && result.command.verb.name).toBe('help');
  });

  it('suggests the closest verb for a typo', () => {
    const result = parse('hlep');
    expect(result).toMatchObject({ ok: false, suggestion: 'help' });
    if (!result.ok) expect(result.error).toContain('Did you mean `help`?');
    const transposed = parse('whaomi');
    expect(transposed).toMatchObject({ ok: false, suggestion: 'whoami' });
  });

  it('says how to find commands when nothing is close', () => {
    const result = parse('frobnicate the thing');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('There is no `frobnicate` command');
      expect(result.error).toContain('help');
    }
  });

  it('validates argument values with a helpful message and the usage line', () => {
    const result = parse('audit lots');
    expect(result).toMatchObject({ ok: false, usage: 'audit [n]' });
    if (!result.ok) expect(result.error).toContain('whole number from 1 to 50');
  });

  it('rejects extra words and flags the verb does not take', () => {
    expect(parse('whoami please')).toMatchObject({
      ok: false,
      error: expect.stringContaining('does not take `please`'),
    });
    expect(parse('audit --dry-run')).toMatchObject({
      ok: false,
      error: expect.stringContaining('changes nothing'),
    });
    expect(parse('audit --yes')).toMatchObject({ ok: false, error: expect.stringContaining('drop --yes') });
    expect(parse('audit --verbose')).toMatchObject({
      ok: false,
      error: expect.stringContaining('has no --verbose option'),
    });
  });

  it('suggests an environment for a typo', () => {
    const result = parse('alarms stagign');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('Did you mean `staging`?');
  });

  it('is case-insensitive for verbs and environment names', () => {
    const result = parse('ALARMS Dev');
    expect(result.ok && result.command.params).toEqual({ environment: 'dev' });
  });

  it('never throws, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), (input) => {
        const result = parse(input);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws on word lists built from the grammar’s own vocabulary (property)', () => {
    const vocabulary = fc.constantFrom(
      ...t.services.registry.names(),
      'dev',
      'prod',
      '--dry-run',
      '--yes',
      '-y',
      '--',
      '--x=1',
      '"',
      "'",
      '\\',
      '25',
      '0',
      '-1',
      '',
    );
    fc.assert(
      fc.property(fc.array(vocabulary, { maxLength: 8 }), (words) => {
        const result = parse(words.join(' '));
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('echoing user input', () => {
  it('makes Slack markup in echoed words inert', async () => {
    const s = await testServices();
    try {
      const result = parseCommand('<!channel> <@U0ADMIN> &amp; `x`', s.services.registry, {
        services: s.services,
      });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toContain('&lt;!channel&gt;');
      expect(result.error).not.toContain('<!channel>');
      expect(result.error).not.toContain('<@U0ADMIN>');
      const env = parseCommand('alarms <!here>', s.services.registry, { services: s.services });
      expect(env.ok || env.error).toContain('&lt;!here&gt;');
    } finally {
      await s.close();
    }
  });
});
