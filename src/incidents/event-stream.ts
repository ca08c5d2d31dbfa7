/**
 * Long work run in the background, its reports handed out as an async iterable for one reader
 * (the front door editing one message), ending with the outcome. Like environments'
 * progress-stream.ts, for any event type: the work never waits for a slow reader.
 */
export function backgroundStream<E, O>(
  work: (emit: (event: E) => void) => Promise<O>,
  onCrash: (error: unknown) => O,
  finished: (outcome: O) => E,
): { events: AsyncIterable<E>; done: Promise<O> } {
  const queue: E[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const done = (async () => {
    const outcome = await work((event) => {
      if (ended) return;
      queue.push(event);
      notify();
    }).catch(onCrash);
    queue.push(finished(outcome));
    ended = true;
    notify();
    return outcome;
  })();
  async function* read(): AsyncGenerator<E> {
    let index = 0;
    for (;;) {
      while (index < queue.length) yield queue[index++]!;
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  return { events: { [Symbol.asyncIterator]: read }, done };
}
