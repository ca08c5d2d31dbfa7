import { hostname, userInfo } from 'node:os';
import type { Actor } from '../commands/context.js';

export function terminalActor(env: NodeJS.ProcessEnv = process.env): Actor {
  let user = env.USER ?? env.USERNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // Containers without a passwd entry: keep the variable.
  }
  return { kind: 'terminal', user, host: hostname() };
}
