import type { Clock } from '../clock.js';
import type { Message } from '../commands/message.js';
import type { Logger } from '../logger.js';
import type { EnvironmentGateway } from './aws-gateway.js';
import type { EnvironmentMemory } from './environment-memory.js';
import type { OperationTiming } from './timing.js';

/** What a running stop or start needs. */
export interface OperationDeps {
  gateway: EnvironmentGateway;
  memory: EnvironmentMemory;
  timing: OperationTiming;
  clock: Clock;
  logger: Logger;
  /** Who asked, as shown to people (`<@U123>`, `alice@laptop (terminal)`). */
  actor: string;
  /** Each new version of the progress message. */
  emit: (step: Message) => void;
}

/** AWS calls of one operation in flight at once: enough to be quick, gentle on API limits. */
export const WRITE_CONCURRENCY = 4;
