import { describe, expect, it } from 'vitest';
import { classifyAwsError, isThrottling } from '../../src/aws/aws-errors.js';
import { type RetryOptions, retryThrottled } from '../../src/aws/rate-limit.js';
import { explainFailure } from '../../src/commands/explain-error.js';
import type { OperationOutcome } from '../../src/environments/outcome.js';
import { runWithProgress } from '../../src/environments/progress-stream.js';
import { Pacer } from '../../src/util/pacer.js';

const explainAwsError = (error: unknown) => explainFailure(classifyAwsError(error));

/** A fake timeline: sleeping advances it, so pacing is checked without waiting. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

function retryOptions(time: ReturnType<typeof fakeTime>, more: Partial<RetryOptions>): RetryOptions {
  return {
    attempts: 8,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    maxTotalMs: 60_000,
    sleep: time.sleep,
    now: time.now,
    ...more,
  };
}

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

describe('Pacer', () => {
  it('lets a burst through, then paces calls at the sustained rate', async () => {
    const time = fakeTime();
    const pacer = new Pacer(50, 5, time.now, time.sleep);
    for (let i = 0; i < 60; i++) await pacer.take();
    // 50 at once, then 10 more at 5 per second: about two seconds.
    expect(time.now()).toBeGreaterThanOrEqual(1_990);
    expect(time.now()).toBeLessThanOrEqual(2_100);
  });

  it('serves concurrent callers one token each', async () => {
    const time = fakeTime();
    const pacer = new Pacer(2, 1, time.now, time.sleep);
    await Promise.all([pacer.take(), pacer.take(), pacer.take()]);
    expect(time.now()).toBe(1_000);
  });
});

describe('retryThrottled', () => {
  it('retries throttling with growing delays and returns the result', async () => {
    const time = fakeTime();
    let calls = 0;
    const result = await retryThrottled(
      async () => {
        calls++;
        if (calls < 4) throw throttled();
        return 'ok';
      },
      retryOptions(time, { attempts: 8, baseDelayMs: 100, maxDelayMs: 1_000 }),
    );
    expect(result).toBe('ok');
    expect(time.sleeps).toHaveLength(3);
    expect(time.sleeps[2]!).toBeGreaterThanOrEqual(200);
    expect(time.sleeps.every((ms) => ms <= 1_000)).toBe(true);
  });

  it('gives up after the last attempt and never retries other errors', async () => {
    const time = fakeTime();
    const options = retryOptions(time, { attempts: 3, baseDelayMs: 10, maxDelayMs: 100 });
    await expect(retryThrottled(async () => Promise.reject(throttled()), options)).rejects.toThrow(
      'Rate exceeded',
    );
    expect(time.sleeps).toHaveLength(2);
    let calls = 0;
    const denied = Object.assign(new Error('no'), { name: 'AccessDeniedException' });
    await expect(
      retryThrottled(async () => {
        calls++;
        throw denied;
      }, options),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
  });

  it('bounds the total time: no retry starts past maxTotalMs, and each wait is reported', async () => {
    const time = fakeTime();
    const heard: Array<[number, number]> = [];
    let calls = 0;
    await expect(
      retryThrottled(
        async () => {
          calls++;
          throw throttled();
        },
        retryOptions(time, { attempts: 100, baseDelayMs: 1_000, maxDelayMs: 4_000, maxTotalMs: 10_000 }),
        (attempt, delay) => heard.push([attempt, delay]),
      ),
    ).rejects.toThrow('Rate exceeded');
    expect(time.now()).toBeLessThanOrEqual(10_000);
    expect(calls).toBeLessThan(10);
    expect(heard).toHaveLength(calls - 1);
    expect(heard.map(([attempt]) => attempt)).toEqual(heard.map((_, i) => i + 1));
  });
});

describe('explainAwsError', () => {
  it('words the errors stop and start meet', () => {
    expect(isThrottling({ name: 'Throttling', message: 'Rate exceeded' })).toBe(true);
    expect(
      explainAwsError({
        name: 'AccessDeniedException',
        message:
          'User: arn:aws:sts::1:assumed-role/infrabot/x is not authorized to perform: ecs:UpdateService on resource: …',
      }),
    ).toContain("infrabot's role may not ecs:UpdateService");
    expect(
      explainAwsError({
        name: 'InvalidDBInstanceStateFault',
        message: 'Instance dev-db is not in available state.',
      }),
    ).toBe('RDS refused: Instance dev-db is not in available state. Retry once it is available');
    expect(explainAwsError({ name: 'ServiceNotFoundException', message: 'Service not found.' })).toBe(
      'the ECS service does not exist',
    );
    expect(explainAwsError(new Error('connect ECONNREFUSED 127.0.0.1:1'))).toContain(
      'AWS could not be reached',
    );
  });
});

function outcome(kind: OperationOutcome['kind']): OperationOutcome {
  return {
    kind,
    operation: 'stop',
    environment: 'dev',
    region: 'ap-northeast-1',
    actor: { kind: 'slack', id: 'U1' },
    results: [],
    counts: { changed: 0, notChanged: 0, finishing: 0, unchanged: 0, skipped: 0, unreadable: 0 },
    saved: true,
  };
}

describe('runWithProgress', () => {
  it('runs the work at once and yields every event, then the outcome', async () => {
    let ran = false;
    const { progress, done } = runWithProgress(
      async (emit) => {
        ran = true;
        emit({ type: 'throttled', call: 'UpdateService', attempt: 1, delayMs: 5 });
        await new Promise((resolve) => setTimeout(resolve, 5));
        emit({ type: 'throttled', call: 'UpdateService', attempt: 2, delayMs: 5 });
        return outcome('ok');
      },
      () => outcome('failed'),
    );
    expect(ran).toBe(true);
    const types: string[] = [];
    for await (const event of progress) types.push(event.type);
    expect(types).toEqual(['throttled', 'throttled', 'finished']);
    expect((await done).kind).toBe('ok');
  });

  it('ends with the crash outcome when the work throws', async () => {
    const { progress } = runWithProgress(
      async () => {
        throw new Error('boom');
      },
      (error) => ({ ...outcome('failed'), crash: { code: 'other', message: (error as Error).message } }),
    );
    const events = [];
    for await (const event of progress) events.push(event);
    expect(events).toEqual([
      { type: 'finished', outcome: { ...outcome('failed'), crash: { code: 'other', message: 'boom' } } },
    ]);
  });

  it('ends at once with the interrupted outcome, however long the work still takes', async () => {
    let interrupt: (o: OperationOutcome) => void = () => undefined;
    const interrupted = new Promise<OperationOutcome>((resolve) => {
      interrupt = resolve;
    });
    const { progress, done } = runWithProgress(
      () => new Promise<OperationOutcome>(() => undefined),
      () => outcome('failed'),
      interrupted,
    );
    interrupt({ ...outcome('failed'), interrupted: true });
    const events = [];
    for await (const event of progress) events.push(event);
    expect(events).toEqual([{ type: 'finished', outcome: { ...outcome('failed'), interrupted: true } }]);
    expect((await done).interrupted).toBe(true);
  });
});
