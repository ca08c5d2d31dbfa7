import { echo } from '../../util/echo.js';
import type { ParamsResult } from '../verb.js';

export const NO_INCIDENT_CONTEXT =
  'infrabot has no AWS access configured, so it cannot read deployments, logs or services. Run `infrabot doctor`.';

/** An ECS service name as ECS allows it (letters, digits, - and _), or `cluster/service`. */
export function serviceParam(raw: string | undefined): ParamsResult<string> {
  const word = (raw ?? '').trim();
  if (/^([A-Za-z0-9_-]{1,255}\/)?[A-Za-z0-9_-]{1,255}$/.test(word)) return { ok: true, value: word };
  return {
    ok: false,
    error: `\`${echo(word)}\` is not an ECS service name: use letters, digits, - and _ (or \`cluster/service\`).`,
  };
}
