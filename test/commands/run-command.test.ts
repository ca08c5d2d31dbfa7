import { afterEach, describe, expect, it } from 'vitest';
import type { Actor, Services } from '../../src/commands/context.js';
import { Registry } from '../../src/commands/registry.js';
import { ok } from '../../src/commands/result.js';
import { runCommand } from '../../src/commands/run-command.js';
import { defineVerb } from '../../src/commands/verb.js';
import { type TestServices, testServices } from '../support/test-services.js';

let t: TestServices | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const operator: Actor = { kind: 'slack', userId: 'U0OPERATOR', userName: 'olive' };
const viewer: Actor = { kind: 'slack', userId: 'U0VIEWER' };

/** A mutating verb that records its calls, to observe what the runner lets through. */
function recordingVerb(calls: Array<{ env: string; dryRun: boolean }>, behaviour: 'ok' | 'throw' = 'ok') {
  return defineVerb<{ env: string }>({
    name: 'poke',
    summary: 'test verb',
    args: [{ name: 'env', description: 'environment', required: true }],
    role: 'operator',
    mutates: true,
    confirm: true,
    dryRun: true,
    environmentArg: 'env',
    examples: ['poke dev'],
    params: ({ args }) => ({ ok: true, value: { env: args.env! } }),
    async handle({ env }, _ctx, flags) {
      calls.push({ env, dryRun: flags.dryRun });
      if (behaviour === 'throw')
        throw Object.assign(new Error('User is not authorized to perform: ecs:UpdateService'), {
          name: 'AccessDeniedException',
        });
      return ok({ title: flags.dryRun ? `would poke ${env}` : `poked ${env}`, parts: [] }, 'channel');
    },
  });
}

/** Runs `text` as `actor` typed it in the #infra channel on Slack. */
function inInfraChannel(text: string, services: Services, actor: Actor = operator) {
  return runCommand(text, { actor, channelId: 'C0INFRA', frontDoor: 'slack', services });
}

async function withVerb(calls: Array<{ env: string; dryRun: boolean }>, behaviour: 'ok' | 'throw' = 'ok') {
  t = await testServices();
  const registry = new Registry([...t.services.registry.all(), recordingVerb(calls, behaviour)]);
  return { ...t.services, registry };
}

describe('runCommand', () => {
  it('asks for confirmation with the dry-run plan before a destructive verb runs', async () => {
    const calls: Array<{ env: string; dryRun: boolean }> = [];
    const services = await withVerb(calls);
    const result = await inInfraChannel('poke dev', services);
    expect(result.outcome).toBe('confirm');
    expect(result.message.title).toBe('would poke dev');
    expect(result.message.buttons?.map((b) => b.command)).toEqual(['poke dev --yes', '']);
    expect(calls).toEqual([{ env: 'dev', dryRun: true }]);
    expect(await services.audit.recent(10)).toEqual([]);
  });

  it('runs with --yes and audits who, what, where and the outcome', async () => {
    const calls: Array<{ env: string; dryRun: boolean }> = [];
    const services = await withVerb(calls);
    const result = await inInfraChannel('poke dev --yes', services);
    expect(result.outcome).toBe('ok');
    expect(calls).toEqual([{ env: 'dev', dryRun: false }]);
    const [entry] = await services.audit.recent(1);
    expect(entry).toMatchObject({
      actor: { id: 'U0OPERATOR', name: 'olive', kind: 'slack' },
      command: 'poke dev --yes',
      verb: 'poke',
      environment: 'dev',
      channelId: 'C0INFRA',
      frontDoor: 'slack',
      outcome: 'ok',
    });
    expect(t!.logs().some((l) => l.includes('"audit"') && l.includes('poke dev --yes'))).toBe(true);
  });

  it('records an answered confirmation as confirmed, with the words asked (not as a typed --yes)', async () => {
    const calls: Array<{ env: string; dryRun: boolean }> = [];
    const services = await withVerb(calls);
    const question = await inInfraChannel('poke dev', services);
    const yes = question.message.buttons![0]!.command;
    await runCommand(yes, {
      actor: operator,
      channelId: 'C0INFRA',
      frontDoor: 'slack',
      services,
      confirmed: true,
    });
    await inInfraChannel('poke dev --yes', services);
    const [typed, confirmed] = await services.audit.recent(2);
    expect(confirmed).toMatchObject({ command: 'poke dev', confirmation: 'asked', outcome: 'ok' });
    expect(typed).toMatchObject({ command: 'poke dev --yes', confirmation: 'flag', outcome: 'ok' });
    // One line per action: nothing "pending" beside them.
    expect(await services.audit.recent(10)).toHaveLength(2);
    const listed = JSON.stringify((await inInfraChannel('audit', services)).message);
    expect(listed).toContain('`poke dev` (confirmed)');
    // A typed --yes shows in the words themselves; it is not said a second time.
    expect(listed).toContain('`poke dev --yes`');
    expect(listed).not.toContain('(--yes)');
  });

  it('keeps the whole reason of a denial in the trail and in `audit`', async () => {
    t = await testServices();
    const reason = `needs the operator role in C0INFRA; ${'ask a platform admin to add you, '.repeat(8)}then retry.`;
    expect(reason.length).toBeGreaterThan(300);
    await t.services.audit.record({
      actor: { id: 'U0VIEWER', kind: 'slack' },
      command: 'stop dev',
      verb: 'stop',
      frontDoor: 'slack',
      outcome: 'denied',
      detail: reason,
    });
    const listed = (await inInfraChannel('audit', t.services)).message;
    expect(JSON.stringify(listed)).toContain(JSON.stringify(reason).slice(1, -1));
  });

  it('denies a viewer, audits the denial and runs nothing', async () => {
    const calls: Array<{ env: string; dryRun: boolean }> = [];
    const services = await withVerb(calls);
    const result = await inInfraChannel('poke dev --yes', services, viewer);
    expect(result.outcome).toBe('denied');
    expect(result.visibility).toBe('private');
    expect(calls).toEqual([]);
    const [entry] = await services.audit.recent(1);
    expect(entry).toMatchObject({ outcome: 'denied', actor: { id: 'U0VIEWER' }, command: 'poke dev --yes' });
  });

  it('refuses protected environments before the handler runs', async () => {
    const calls: Array<{ env: string; dryRun: boolean }> = [];
    const services = await withVerb(calls);
    const result = await runCommand('poke prod', {
      actor: { kind: 'terminal', user: 'a', host: 'h' },
      frontDoor: 'terminal',
      services,
    });
    expect(result.outcome).toBe('denied');
    expect(result.message.parts[0]).toMatchObject({ text: expect.stringContaining('prod is protected') });
    expect(calls).toEqual([]);
  });

  it('turns a thrown AWS error into an actionable message and audits the failure', async () => {
    const calls: Array<{ env: string; dryRun: boolean }> = [];
    const services = await withVerb(calls, 'throw');
    const result = await inInfraChannel('poke dev -y', services);
    expect(result.outcome).toBe('error');
    const text = JSON.stringify(result.message);
    expect(text).toContain('may not ecs:UpdateService');
    expect(text).not.toContain('at ');
    const [entry] = await services.audit.recent(1);
    expect(entry).toMatchObject({ outcome: 'error' });
  });

  it('answers a parse error with the usage line and does not audit it', async () => {
    t = await testServices();
    const result = await inInfraChannel('audit many', t.services);
    expect(result.outcome).toBe('error');
    expect(JSON.stringify(result.message)).toContain('Usage: `audit [n]`');
    expect(await t.services.audit.recent(5)).toEqual([]);
  });

  it('lists recent audit entries newest first', async () => {
    t = await testServices();
    for (let i = 0; i < 3; i++) {
      await t.services.audit.record({
        actor: { id: `U${i}`, kind: 'slack' },
        command: `cmd ${i}`,
        verb: 'x',
        frontDoor: 'slack',
        outcome: 'ok',
      });
    }
    const result = await runCommand('audit 2', { actor: viewer, frontDoor: 'slack', services: t.services });
    const list = result.message.parts.find((p) => p.type === 'list');
    expect(list && list.type === 'list' && list.items).toEqual([
      expect.stringContaining('cmd 2'),
      expect.stringContaining('cmd 1'),
    ]);
  });

  it('help lists every registered verb and explains one', async () => {
    t = await testServices();
    const all = await runCommand('help', { actor: viewer, frontDoor: 'terminal', services: t.services });
    const text = JSON.stringify(all.message);
    for (const name of t.services.registry.names()) expect(text).toContain(`infrabot ${name}`);
    const one = await runCommand('help audit', { actor: viewer, frontDoor: 'slack', services: t.services });
    expect(JSON.stringify(one.message)).toContain('/infra audit [n]');
    const typo = await runCommand('help adit', { actor: viewer, frontDoor: 'slack', services: t.services });
    expect(JSON.stringify(typo.message)).toContain('Did you mean `audit`?');
  });
});
