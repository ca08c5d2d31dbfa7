import { formatBlockKitIssue, validateView } from '../../block-kit-validator.js';
import type { EmulatorCore } from '../../core.js';
import { withGeneratedIds } from '../../message-content.js';
import type { TriggerContext } from '../../triggers.js';
import type { Block, SlackView } from '../../types.js';
import { fail, invalidArguments, type MethodHandler, type MethodResult, missingArgument } from '../method.js';
import type { Params } from '../params.js';

/** views.open / push / update / publish: modals (a stack per user) and the App Home. */

function readView(
  params: Params,
  core: EmulatorCore,
  expected: 'modal' | 'home',
): { ok: true; view: Record<string, unknown> } | { ok: false; result: MethodResult } {
  if (!params.has('view')) return { ok: false, result: missingArgument('view') };
  const decoded = params.json('view');
  if (!decoded.ok) return { ok: false, result: invalidArguments(['invalid json [json-pointer:/view]']) };
  const issues = validateView(decoded.value);
  if (issues.length > 0) {
    const messages = [
      'failed to match all allowed schemas [json-pointer:/view]',
      ...issues.map(formatBlockKitIssue),
    ];
    return { ok: false, result: invalidArguments(messages) };
  }
  const view = decoded.value as Record<string, unknown>;
  if (view.type !== expected) {
    return {
      ok: false,
      result: invalidArguments([`unsupported type: ${String(view.type)} [json-pointer:/view/type]`]),
    };
  }
  // Like messages, stored views get generated block_id / action_id where the app gave none.
  return { ok: true, view: { ...view, blocks: withGeneratedIds(view.blocks as Block[], core.ids) } };
}

function checkTrigger(
  params: Params,
  core: EmulatorCore,
): { ok: true; id: string; context: TriggerContext } | { ok: false; result: MethodResult } {
  const id = params.string('trigger_id') ?? params.string('interactivity_pointer');
  if (!id) return { ok: false, result: missingArgument('trigger_id') };
  const check = core.triggers.check(id);
  if (!check.ok) return { ok: false, result: fail(check.error) };
  return { ok: true, id, context: check.context };
}

function duplicateExternalId(view: Record<string, unknown>, core: EmulatorCore, except?: string): boolean {
  if (typeof view.external_id !== 'string' || view.external_id === '') return false;
  const existing = core.workspace.views.viewByExternalId(view.external_id);
  return existing !== undefined && existing.id !== except;
}

function answer(view: SlackView): MethodResult {
  return { ok: true, view: structuredClone(view) };
}

const open: MethodHandler = (params, core) => {
  const trigger = checkTrigger(params, core);
  if (!trigger.ok) return trigger.result;
  const read = readView(params, core, 'modal');
  if (!read.ok) return read.result;
  if (duplicateExternalId(read.view, core)) return fail('duplicate_external_id');
  core.triggers.spend(trigger.id);
  return answer(core.workspace.views.openModal(trigger.context.user, read.view));
};

const push: MethodHandler = (params, core) => {
  const trigger = checkTrigger(params, core);
  if (!trigger.ok) return trigger.result;
  const read = readView(params, core, 'modal');
  if (!read.ok) return read.result;
  if (duplicateExternalId(read.view, core)) return fail('duplicate_external_id');
  const view = core.workspace.views.pushModal(trigger.context.user, read.view);
  if (!view) return fail('push_limit_reached');
  core.triggers.spend(trigger.id);
  return answer(view);
};

const update: MethodHandler = (params, core) => {
  const viewId = params.string('view_id');
  const externalId = params.string('external_id');
  if (!viewId && !externalId) return invalidArguments(['must provide either view_id or external_id']);
  const current = viewId
    ? core.workspace.views.view(viewId)
    : core.workspace.views.viewByExternalId(externalId!);
  if (!current) return fail('not_found');
  const read = readView(params, core, current.type);
  if (!read.ok) return read.result;
  const hash = params.string('hash');
  if (hash !== undefined && hash !== current.hash) return fail('hash_conflict');
  if (duplicateExternalId(read.view, core, current.id)) return fail('duplicate_external_id');
  return answer(core.workspace.views.updateView(current.id, read.view));
};

const publish: MethodHandler = (params, core) => {
  const userId = params.string('user_id');
  if (!userId) return missingArgument('user_id');
  if (!core.workspace.user(userId)) return fail('user_not_found');
  const read = readView(params, core, 'home');
  if (!read.ok) return read.result;
  const hash = params.string('hash');
  const current = core.workspace.views.home(userId);
  if (hash !== undefined && current && hash !== current.hash) return fail('hash_conflict');
  return answer(core.workspace.views.publishHome(userId, read.view));
};

export const viewsMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};
