import type { OperationEvent, OperationOutcome } from './outcome.js';

/**
 * Runs long work now, in the background, and hands out what it reports as an async iterable for
 * one reader (the front door that edits one message). The work does not wait for the reader: a
 * slow Slack edit never holds up stopping an environment, and nothing is lost, since every event
 * is kept until read. The stream always ends with one `finished` event carrying the outcome (the
 * work's, or `onCrash`'s if it threw); `done` resolves to the same outcome.
 */
export function runWithProgress(
  work: (emit: (event: OperationEvent) => void) => Promise<OperationOutcome>,
  onCrash: (error: unknown) => OperationOutcome,
  /** Resolves when the operation is interrupted: the stream ends with this outcome at once. */
  interrupted?: Promise<OperationOutcome>,
): { progress: AsyncIterable<OperationEvent>; done: Promise<OperationOutcome> } {
  const events: OperationEvent[] = [];
  let finished = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const emit = (event: OperationEvent) => {
    if (finished) return;
    events.push(event);
    notify();
  };
  const done = (async () => {
    const worked = work(emit).catch(onCrash);
    const outcome = await (interrupted ? Promise.race([worked, interrupted]) : worked);
    events.push({ type: 'finished', outcome });
    finished = true;
    notify();
    return outcome;
  })();

  async function* read(): AsyncGenerator<OperationEvent> {
    let index = 0;
    for (;;) {
      while (index < events.length) yield events[index++]!;
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  return { progress: { [Symbol.asyncIterator]: read }, done };
}
