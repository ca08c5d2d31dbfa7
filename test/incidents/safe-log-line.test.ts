import { describe, expect, it } from 'vitest';
import { errorsQuery, insightsLink } from '../../src/incidents/recent-errors.js';
import { redactLogText, safeLogLine } from '../../src/incidents/safe-log-line.js';

describe('log lines made safe for Slack', () => {
  it.each([
    ['Slack token', 'auth failed xoxb-1234-5678-abcdEFGH', 'xoxb-'],
    ['AWS key id', 'using AKIAIOSFODNN7EXAMPLE now', 'AKIAIOSFODNN7EXAMPLE'],
    ['AWS secret', 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI'],
    ['bearer', 'Authorization: Bearer abc.def.ghi-jkl', 'abc.def.ghi'],
    ['JWT', 'jwt eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4', 'eyJhbGci'],
    ['password', 'connect password=s3cr3t!x host=db', 's3cr3t'],
    ['URL credentials', 'postgres://app:pa55word@db:5432/x', 'pa55word'],
    ['email', 'mail to carol.smith+x@corp.example.org failed', 'carol.smith'],
    ['GitHub token', 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 'ghp_ABCD'],
  ])('redacts a %s', (_name, line, secret) => {
    expect(redactLogText(line)).not.toContain(secret);
    expect(safeLogLine(line)).not.toContain(secret);
  });

  it('makes mentions, links and code breaks inert and keeps one short line', () => {
    const line = safeLogLine('boom <!channel> <@U123> <https://evil|click> `x`\n\tnext line\u0007');
    expect(line).toBe("boom &lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|click&gt; 'x' next line");
    const huge = safeLogLine(`error ${'a'.repeat(1_000_000)}`, 100);
    expect(huge).toHaveLength(100);
    expect(huge.endsWith('…')).toBe(true);
  });

  it('builds a bounded query and a console link that carries it', () => {
    const q = errorsQuery(10);
    expect(q).toContain('| limit 10');
    const link = insightsLink(
      'eu-west-1',
      ['/ecs/dev/api'],
      { start: new Date('2026-12-01T00:00:00Z'), end: new Date('2026-12-01T00:30:00Z') },
      q,
    );
    expect(
      link.startsWith(
        'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:logs-insights$3FqueryDetail$3D',
      ),
    ).toBe(true);
    expect(link).not.toMatch(/[\s|<>]/);
  });
});
