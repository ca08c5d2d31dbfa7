import type { Config } from '../../config/schema.js';
import { echo } from '../../util/echo.js';
import { closest } from '../../util/suggest.js';
import type { ParamsResult } from '../verb.js';

/** Validates an environment name against the config, with a "did you mean" for typos. */
export function environmentParam(word: string, config: Config): ParamsResult<string> {
  const name = word.toLowerCase();
  if (config.environments[name]) return { ok: true, value: name };
  const known = Object.keys(config.environments);
  if (known.length === 0) {
    return {
      ok: false,
      error: 'No environments are configured yet. Add one under `environments:` in infrabot.yml.',
    };
  }
  const hint = closest(name, known);
  return {
    ok: false,
    error: `There is no environment \`${echo(word)}\`.${hint ? ` Did you mean \`${hint}\`?` : ''} Known: ${known.join(', ')}.`,
  };
}
