import { EmulatorUsageError } from './core.js';
import type { Block, SlackView } from './types.js';

/**
 * Builds `view.state.values` for a view_submission the way Slack does: one entry per input
 * block (`{ [block_id]: { [action_id]: { type, value | selected_* } } }`), `null` values for
 * inputs the user left empty.
 *
 * Submitted values may be given in Slack's nested shape, or flat by action_id (handy when
 * block ids were generated): `{ env_input: 'dev' }`. Strings are turned into the right
 * shape for the element (`value`, `selected_option`, `selected_user`, …).
 */

export type SubmittedValue = string | string[] | Record<string, unknown> | null;
export type SubmittedValues = Record<string, SubmittedValue | Record<string, SubmittedValue>>;

type Option = { text: unknown; value: string };

function findOption(element: Record<string, unknown>, value: string): Option {
  const options = [
    ...((element.options as Option[] | undefined) ?? []),
    ...((element.option_groups as Array<{ options: Option[] }> | undefined) ?? []).flatMap((g) => g.options),
  ];
  const option = options.find((o) => o.value === value);
  if (!option)
    throw new EmulatorUsageError(`no option with value "${value}" in ${String(element.action_id)}`);
  return { text: option.text, value: option.value };
}

/** A user's choice for one element, in the shape Slack reports it (state values and block_actions). */
export function elementValue(
  element: Record<string, unknown>,
  given: SubmittedValue | undefined,
): Record<string, unknown> {
  const type = String(element.type);
  if (given !== null && typeof given === 'object' && !Array.isArray(given)) return { type, ...given };
  const list = given === undefined || given === null ? [] : Array.isArray(given) ? given : [given];
  const one = list[0] ?? null;
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
    case 'overflow':
      return { type, selected_option: one === null ? null : findOption(element, one) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: list.map((v) => findOption(element, v)) };
    case 'users_select':
      return { type, selected_user: one };
    case 'multi_users_select':
      return { type, selected_users: list };
    case 'conversations_select':
      return { type, selected_conversation: one };
    case 'multi_conversations_select':
      return { type, selected_conversations: list };
    case 'channels_select':
      return { type, selected_channel: one };
    case 'multi_channels_select':
      return { type, selected_channels: list };
    case 'datepicker':
      return { type, selected_date: one };
    case 'timepicker':
      return { type, selected_time: one };
    case 'datetimepicker':
      return { type, selected_date_time: one === null ? null : Number(one) };
    default:
      return { type, value: one };
  }
}

export function buildViewState(view: SlackView, submitted: SubmittedValues): SlackView['state']['values'] {
  const inputs = view.blocks.filter(
    (b): b is Block & { block_id: string; element: Record<string, unknown> } =>
      b.type === 'input' && typeof b.element === 'object' && b.element !== null,
  );
  const knownBlockIds = new Set(inputs.map((b) => String(b.block_id)));
  const flat = new Map<string, SubmittedValue>();
  const nested = new Map<string, Record<string, SubmittedValue>>();
  for (const [key, value] of Object.entries(submitted)) {
    if (knownBlockIds.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      nested.set(key, value as Record<string, SubmittedValue>);
    } else {
      flat.set(key, value as SubmittedValue);
    }
  }
  const knownActionIds = new Set(inputs.map((b) => String(b.element.action_id)));
  for (const key of flat.keys()) {
    if (!knownActionIds.has(key)) throw new EmulatorUsageError(`view ${view.id} has no input "${key}"`);
  }

  const values: SlackView['state']['values'] = {};
  for (const block of inputs) {
    const actionId = String(block.element.action_id);
    const given = nested.get(block.block_id)?.[actionId] ?? flat.get(actionId);
    values[block.block_id] = { [actionId]: elementValue(block.element, given) };
  }
  return values;
}
