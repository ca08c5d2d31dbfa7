import type { CommandContext } from '../commands/context.js';
import type { Message } from '../commands/message.js';
import type { CommandResult } from '../commands/result.js';
import { EnvironmentMemory } from '../environments/environment-memory.js';
import { readPrices } from './aws-price-reader.js';
import { SavingsLedger } from './savings-ledger.js';

/**
 * After a stop or start finishes (whoever ran it), writes it to the savings ledger: a stop with
 * what it turned off and each one's hourly price, a start that closes the interval. Never holds up
 * or changes the reply; a failure to record is logged.
 */
export function withSavingsLedger(
  result: CommandResult,
  environment: string,
  operation: 'stop' | 'start',
  ctx: CommandContext,
): CommandResult {
  const progress = result.progress;
  if (!progress || result.outcome !== 'ok') return result;
  const { services } = ctx;
  const startedAt = services.clock.now().toISOString();
  const record = async () => {
    const outcome = await new EnvironmentMemory(services.store).record(environment);
    if (!outcome || outcome.at < startedAt || outcome.operation !== operation || outcome.outcome === 'failed')
      return;
    const ledger = new SavingsLedger(services.store);
    if (operation === 'start') {
      await ledger.record(environment, { operation, at: outcome.at, resources: [] });
      return;
    }
    const status = await services.environments?.status(environment);
    const resources =
      status && services.aws
        ? await readPrices(
            services.aws,
            services.config,
            environment,
            status.region,
            [...status.savedServices.values()].filter((s) => s.desiredCount > 0),
            [...status.savedDatabases.values()],
          )
        : [];
    await ledger.record(environment, { operation, at: outcome.at, resources });
  };
  return {
    ...result,
    progress: (async function* (): AsyncGenerator<Message> {
      try {
        for await (const step of progress) yield step;
      } finally {
        await record().catch((error: unknown) =>
          services.logger.warn(
            { err: error, environment },
            'could not record the operation for the savings figures',
          ),
        );
      }
    })(),
  };
}
