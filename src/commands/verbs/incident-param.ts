import { echo } from '../../util/echo.js';
import type { ParamsResult } from '../verb.js';

/** Incident ids as the bot prints them on each parent: `inc-` and six letters or digits. */
export function incidentParam(raw: string | undefined): ParamsResult<string> {
  const id = (raw ?? '').trim().toLowerCase();
  if (/^inc-[0-9a-z]{6}$/.test(id)) return { ok: true, value: id };
  return {
    ok: false,
    error: `\`${echo(raw ?? '')}\` is not an incident id. Incident ids look like \`inc-7k2m9q\`; each alarm thread shows its own at the bottom of the first message.`,
  };
}

/** The `<incident>` argument every incident verb takes. */
export const INCIDENT_ARG = {
  name: 'incident',
  description: 'the incident id shown on the alarm message',
  required: true,
} as const;

/** What an incident verb answers when the bot has no alert threads set up. */
export const NO_ALERTS = 'Alerts are not configured: add an `alerts` section to infrabot.yml.';
