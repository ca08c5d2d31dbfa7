import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

const manifestSchema = z.object({
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
});

/** The bot scopes manifest.yml asks for: what the installed app must have been granted. */
export async function manifestBotScopes(
  manifestUrl = new URL('../../../manifest.yml', import.meta.url),
): Promise<string[]> {
  const parsed = manifestSchema.parse(parse(await readFile(manifestUrl, 'utf8')));
  return parsed.oauth_config.scopes.bot;
}
