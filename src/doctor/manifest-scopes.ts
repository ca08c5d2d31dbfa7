import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { packageFile } from '../util/package-root.js';

const manifestSchema = z.object({
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
});

/** The bot scopes manifest.yml asks for: what the installed app must have been granted. */
export async function manifestBotScopes(path = packageFile('manifest.yml')): Promise<string[]> {
  const parsed = manifestSchema.parse(parse(await readFile(path, 'utf8')));
  return parsed.oauth_config.scopes.bot;
}
