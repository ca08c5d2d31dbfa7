import { describe, expect, it, vi } from 'vitest';
import { AccessPolicy } from '../../src/access/access-policy.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { captureLogger } from '../support/capture-logger.js';
import { TEST_CONFIG } from '../support/test-services.js';

const config = parseConfigText(TEST_CONFIG, 'test.yml');
const slack = (userId: string) => ({ kind: 'slack' as const, userId });
const stopVerb = { name: 'stop', role: 'operator' as const, mutates: true };
const viewVerb = { name: 'status', role: 'viewer' as const, mutates: false };

function policy(
  membersOf = vi.fn(async (id: string) => (id === 'S0PLATFORM' ? ['U0MEMBER'] : [])),
  now = () => 0,
) {
  return {
    policy: new AccessPolicy(config.access, config.environments, { membersOf }, captureLogger().logger, now),
    membersOf,
  };
}

describe('AccessPolicy', () => {
  it('gives roles from user IDs and user groups', async () => {
    const { policy: p } = policy();
    expect(await p.roleOf(slack('U0ADMIN'))).toBe('admin');
    expect(await p.roleOf(slack('U0OPERATOR'))).toBe('operator');
    expect(await p.roleOf(slack('U0MEMBER'))).toBe('operator');
    expect(await p.roleOf(slack('U0SOMEONE'))).toBe('viewer');
    expect(await p.roleOf({ kind: 'terminal', user: 'alice', host: 'laptop' })).toBe('admin');
  });

  it('denies a verb above the role, saying which role and where to get it', async () => {
    const { policy: p } = policy();
    const d = await p.check({
      actor: slack('U0SOMEONE'),
      channelId: 'C0INFRA',
      verb: stopVerb,
      environment: 'dev',
    });
    expect(d).toMatchObject({ allowed: false, role: 'viewer' });
    if (!d.allowed) expect(d.reason).toContain('needs the operator role and you are a viewer');
    expect(
      await p.check({ actor: slack('U0OPERATOR'), channelId: 'C0INFRA', verb: stopVerb, environment: 'dev' }),
    ).toEqual({
      allowed: true,
      role: 'operator',
    });
  });

  it('refuses changes to protected environments, even for admins and the terminal', async () => {
    const { policy: p } = policy();
    for (const actor of [slack('U0ADMIN'), { kind: 'terminal' as const, user: 'a', host: 'b' }]) {
      const d = await p.check({ actor, channelId: 'C0INFRA', verb: stopVerb, environment: 'prod' });
      expect(d.allowed).toBe(false);
      if (!d.allowed) expect(d.reason).toContain('prod is protected');
    }
    expect(
      (await p.check({ actor: slack('U0ADMIN'), channelId: 'C0INFRA', verb: viewVerb, environment: 'prod' }))
        .allowed,
    ).toBe(true);
  });

  it('limits Slack use to the allowed channels but allows DMs', async () => {
    const { policy: p } = policy();
    const d = await p.check({ actor: slack('U0ADMIN'), channelId: 'C0RANDOM', verb: viewVerb });
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.reason).toContain('<#C0INFRA>');
    expect((await p.check({ actor: slack('U0ADMIN'), channelId: 'D0DM', verb: viewVerb })).allowed).toBe(
      true,
    );
  });

  it('caches user group members for five minutes', async () => {
    let now = 0;
    const { policy: p, membersOf } = policy(undefined, () => now);
    await p.roleOf(slack('U0MEMBER'));
    await p.roleOf(slack('U0OTHER'));
    expect(membersOf).toHaveBeenCalledTimes(1);
    now += 5 * 60_000 + 1;
    await p.roleOf(slack('U0MEMBER'));
    expect(membersOf).toHaveBeenCalledTimes(2);
  });

  it('keeps the last known members when Slack fails, and fails closed without them', async () => {
    let now = 0;
    let fail = false;
    const membersOf = vi.fn(async () => {
      if (fail) throw new Error('ratelimited');
      return ['U0MEMBER'];
    });
    const { policy: p } = policy(membersOf, () => now);
    expect(await p.roleOf(slack('U0MEMBER'))).toBe('operator');
    fail = true;
    now += 10 * 60_000;
    expect(await p.roleOf(slack('U0MEMBER'))).toBe('operator');
    const { policy: fresh } = policy(vi.fn(async () => Promise.reject(new Error('down'))));
    expect(await fresh.roleOf(slack('U0MEMBER'))).toBe('viewer');
  });

  it('denies users outside a non-empty viewers list', async () => {
    const restricted = parseConfigText('access: { viewers: [U0VIEWER] }', 'x');
    const p = new AccessPolicy(restricted.access, {}, undefined, captureLogger().logger);
    expect(await p.roleOf(slack('U0VIEWER'))).toBe('viewer');
    const d = await p.check({ actor: slack('U0STRANGER'), verb: viewVerb });
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.reason).toContain('not on infrabot’s list of viewers');
  });
});

describe('AccessPolicy under Slack failures', () => {
  it('does not ask Slack again on every command after a failed lookup', async () => {
    let now = 0;
    const membersOf = vi.fn(async () => Promise.reject(new Error('no_such_subteam')));
    const p = new AccessPolicy(
      config.access,
      config.environments,
      { membersOf },
      captureLogger().logger,
      () => now,
    );
    for (let i = 0; i < 5; i++) await p.roleOf(slack('U0SOMEONE'));
    expect(membersOf).toHaveBeenCalledTimes(1);
    now += 30_001;
    await p.roleOf(slack('U0SOMEONE'));
    expect(membersOf).toHaveBeenCalledTimes(2);
  });
});

describe('AccessPolicy under a burst', () => {
  it('makes one Slack call for a burst of commands when the cache is cold', async () => {
    let release: (members: string[]) => void = () => undefined;
    const membersOf = vi.fn(() => new Promise<string[]>((resolve) => (release = resolve)));
    const p = new AccessPolicy(config.access, config.environments, { membersOf }, captureLogger().logger);
    const roles = Array.from({ length: 20 }, () => p.roleOf(slack('U0MEMBER')));
    await vi.waitFor(() => expect(membersOf).toHaveBeenCalled());
    release(['U0MEMBER']);
    expect(new Set(await Promise.all(roles))).toEqual(new Set(['operator']));
    expect(membersOf).toHaveBeenCalledTimes(1);
  });
});
