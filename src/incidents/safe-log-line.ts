import { REDACTED, scrubSecrets } from '../logger.js';

/**
 * Log lines come from the application, so from anyone who can make it log: they are hostile
 * input. Before a line reaches Slack it is redacted (the logger's secret patterns, plus AWS keys,
 * bearer tokens, JWTs, passwords in URLs or key=value pairs, and email addresses), flattened to
 * one line, cut, and made inert for mrkdwn (`<!channel>` would notify everyone).
 */
const LOG_SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{16}\b/g, REDACTED], // AWS access key ids (and IAM unique ids)
  [/(aws_?secret_?access_?key|secret_?key|secret)(["'\s:=]+)[A-Za-z0-9/+=]{20,}/gi, `$1$2${REDACTED}`],
  [/\b(bearer|token|api[_-]?key|authorization)(["'\s:=]+)[A-Za-z0-9._~+/-]{8,}=*/gi, `$1$2${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, REDACTED], // JWTs
  [/(password|passwd|pwd)(["'\s:=]+)[^\s"',;&]+/gi, `$1$2${REDACTED}`],
  [/(\/\/[^\s:/@]+:)[^\s@/]+@/g, `$1${REDACTED}@`], // user:password@ in URLs
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[email]'],
];

export function redactLogText(text: string): string {
  let out = scrubSecrets(text);
  for (const [pattern, replacement] of LOG_SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** One log line for a Slack message: redacted, on one line, at most `max` characters, inert. */
export function safeLogLine(text: string, max = 240): string {
  // Cut before redacting too: a 10 MB line must not cost 10 MB of regex work.
  const bounded = text.length > max * 8 ? text.slice(0, max * 8) : text;
  const flat = redactLogText(bounded)
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/`/g, "'");
}
