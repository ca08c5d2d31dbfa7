import { hostname, userInfo } from 'node:os';
import type { Actor } from '../commands/context.js';
import type { RuntimeEnv } from '../runtime-env.js';

export function terminalActor(env: Partial<Pick<RuntimeEnv, 'USER' | 'USERNAME'>>): Actor {
  let user = env.USER ?? env.USERNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // Containers without a passwd entry: keep the variable.
  }
  return { kind: 'terminal', user, host: hostname() };
}
