import type { Message } from '../commands/message.js';

/**
 * Runs long work now, in the background, and hands out what it reports as an async iterable for
 * one reader (the front door that edits one message). The work does not wait for the reader: a
 * slow Slack edit never holds up stopping an environment, and nothing is lost, since every step
 * is kept until read. The last message is the work's result (or, if it threw, `onCrash`'s).
 */
export function runWithProgress(
  work: (emit: (step: Message) => void) => Promise<Message>,
  onCrash: (error: unknown) => Message,
): { progress: AsyncIterable<Message>; done: Promise<Message> } {
  const steps: Message[] = [];
  let finished = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const emit = (step: Message) => {
    if (finished) return;
    steps.push(step);
    notify();
  };
  const done = (async () => {
    let last: Message;
    try {
      last = await work(emit);
    } catch (error) {
      last = onCrash(error);
    }
    steps.push(last);
    finished = true;
    notify();
    return last;
  })();

  async function* read(): AsyncGenerator<Message> {
    let index = 0;
    for (;;) {
      while (index < steps.length) yield steps[index++]!;
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  }
  return { progress: { [Symbol.asyncIterator]: read }, done };
}
