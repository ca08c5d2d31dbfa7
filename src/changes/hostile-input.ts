/**
 * Checks every user-typed value must pass before any kind-specific rule: the value ends up inside
 * HCL, a git path and a PR body, so anything that could change their meaning is refused with the
 * reason, not cleaned up silently (a silently changed name is a different resource).
 */

export const MAX_INPUT_LENGTH = 255;

/** Unicode direction overrides and isolates (Trojan Source), zero-width and BOM characters. */
const INVISIBLE_OR_BIDI = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;

export type InputCheck = { ok: true } | { ok: false; reason: string };

/** Refuses what could break out of an HCL string, a path or a message; `what` names the value. */
export function checkHostileInput(
  value: string,
  what: string,
  opts: { allowSlash?: boolean } = {},
): InputCheck {
  if (value.length === 0) return { ok: false, reason: `${what} is empty` };
  if (value.length > MAX_INPUT_LENGTH)
    return {
      ok: false,
      reason: `${what} is ${value.length} characters long; the limit is ${MAX_INPUT_LENGTH}`,
    };
  if (/[\r\n]/.test(value)) return { ok: false, reason: `${what} contains a line break` };
  if (CONTROL.test(value)) return { ok: false, reason: `${what} contains a control character` };
  if (INVISIBLE_OR_BIDI.test(value))
    return {
      ok: false,
      reason: `${what} contains an invisible or text-direction character (it would read differently than it is)`,
    };
  // Non-ASCII letters can look exactly like ASCII ones (Cyrillic а vs Latin a): AWS names are ASCII.
  const nonAscii = /[^\x20-\x7E]/u.exec(value);
  if (nonAscii)
    return {
      ok: false,
      reason: `${what} contains the non-ASCII character "${nonAscii[0]}" (U+${nonAscii[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}); AWS names are plain ASCII and look-alike letters hide a different name`,
    };
  if (/\$\{|%\{/.test(value))
    return { ok: false, reason: `${what} contains a Terraform interpolation or directive ("\${" or "%{")` };
  if (/["'`\\]/.test(value)) return { ok: false, reason: `${what} contains a quote or a backslash` };
  if ((!opts.allowSlash && value.includes('/')) || /(^|[./])\.\.($|[./])|^\.$/.test(value))
    return { ok: false, reason: `${what} contains a path separator or a ".." segment` };
  if (/\s/.test(value)) return { ok: false, reason: `${what} contains a space` };
  return { ok: true };
}
