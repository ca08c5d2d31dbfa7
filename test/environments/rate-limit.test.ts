import { describe, expect, it } from 'vitest';
import { explainAwsError, isThrottling } from '../../src/aws/aws-errors.js';
import { runWithProgress } from '../../src/environments/progress-stream.js';
import { Pacer, retryThrottled } from '../../src/environments/rate-limit.js';

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
      { attempts: 8, baseDelayMs: 100, maxDelayMs: 1_000, sleep: time.sleep },
    );
    expect(result).toBe('ok');
    expect(time.sleeps).toHaveLength(3);
    expect(time.sleeps[2]!).toBeGreaterThanOrEqual(200);
    expect(time.sleeps.every((ms) => ms <= 1_000)).toBe(true);
  });

  it('gives up after the last attempt and never retries other errors', async () => {
    const time = fakeTime();
    const options = { attempts: 3, baseDelayMs: 10, maxDelayMs: 100, sleep: time.sleep };
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

describe('runWithProgress', () => {
  it('runs the work at once and yields every step, then the result', async () => {
    let ran = false;
    const { progress, done } = runWithProgress(
      async (emit) => {
        ran = true;
        emit({ title: 'one', parts: [] });
        await new Promise((resolve) => setTimeout(resolve, 5));
        emit({ title: 'two', parts: [] });
        return { title: 'done', tone: 'success', parts: [] };
      },
      () => ({ title: 'crashed', parts: [] }),
    );
    expect(ran).toBe(true);
    const titles: Array<string | undefined> = [];
    for await (const step of progress) titles.push(step.title);
    expect(titles).toEqual(['one', 'two', 'done']);
    expect((await done).title).toBe('done');
  });

  it('ends with the crash message when the work throws', async () => {
    const { progress } = runWithProgress(
      async () => {
        throw new Error('boom');
      },
      (error) => ({ title: `crashed: ${(error as Error).message}`, tone: 'danger', parts: [] }),
    );
    const steps = [];
    for await (const step of progress) steps.push(step);
    expect(steps).toEqual([{ title: 'crashed: boom', tone: 'danger', parts: [] }]);
  });
});
