import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { decodeItem } from '../store/decode-items.js';
import { openStore } from '../store/open-store.js';
import { type CheckResult, fail, pass } from './check.js';

export async function checkStore(spec: string): Promise<CheckResult[]> {
  try {
    const store = await openStore(spec);
    try {
      const key = { pk: 'doctor', sk: randomUUID() };
      const written = { at: Date.now() };
      await store.put(key, written, { ttlMs: 60_000 });
      const back = await store.get(key);
      await store.delete(key);
      if (!back) throw new Error('wrote an item but could not read it back');
      if (decodeItem(back, z.object({ at: z.number() }), 'doctor probe').value.at !== written.at)
        throw new Error('read back something else than was written');
      return [pass('state store', `${spec} (write, read, delete ok)`)];
    } finally {
      await store.close();
    }
  } catch (error) {
    return [
      fail(
        'state store',
        `${spec}: ${(error as Error).message}`,
        'check INFRABOT_STORE and its permissions (dynamodb:<table> needs the state table from infra/)',
      ),
    ];
  }
}
