import type { View } from '@slack/web-api';
import { RESOURCE_KINDS, type ResourceKind } from '../changes/resource-kind.js';
import { parseResourceSpec } from '../changes/resource-options.js';
import { quoteWord, tokenize } from '../commands/tokenize.js';

/**
 * The modal `/infra add` opens in Slack when required input is missing (`/infra add`,
 * `/infra add queue`, a table without `--hash-key`). It is validated with the same rules as the
 * typed command before it closes; what it submits is run as the equivalent command line.
 */

export const ADD_MODAL_CALLBACK = 'infra_add';

export interface AddPrefill {
  kind?: ResourceKind;
  name?: string;
  flags: string[];
}

/** The prefill for a typed `add` that lacks required input; undefined when nothing is missing. */
export function missingAddInput(text: string): AddPrefill | undefined {
  const tokens = tokenize(text);
  if (!tokens.ok) return undefined;
  const [verb, kindWord, name, ...rest] = tokens.words;
  if (verb?.toLowerCase() !== 'add') return undefined;
  if (tokens.words.some((w) => w === '--dry-run' || w === '-n')) return undefined;
  const kind = RESOURCE_KINDS.find((k) => k === kindWord?.toLowerCase());
  if (kindWord !== undefined && !kind) return undefined; // a typo: the grammar's did-you-mean is better
  const flags = rest.filter((w) => w !== '--yes');
  if (kind && name && !name.startsWith('-')) {
    if (kind !== 'table' || rest.some((w) => w === '--hash-key' || w.startsWith('--hash-key=')))
      return undefined;
    return { kind, name, flags };
  }
  return {
    ...(kind ? { kind } : {}),
    ...(name && !name.startsWith('-') ? { name } : {}),
    flags: name?.startsWith('-') ? [name, ...flags] : flags,
  };
}

const plainInput = (
  blockId: string,
  label: string,
  hint: string,
  options: { initial?: string; optional?: boolean; placeholder?: string },
) => ({
  type: 'input' as const,
  block_id: blockId,
  optional: options.optional === true,
  label: { type: 'plain_text' as const, text: label },
  hint: { type: 'plain_text' as const, text: hint },
  element: {
    type: 'plain_text_input' as const,
    action_id: blockId,
    max_length: 255,
    ...(options.initial ? { initial_value: options.initial } : {}),
    ...(options.placeholder
      ? { placeholder: { type: 'plain_text' as const, text: options.placeholder } }
      : {}),
  },
});

export function addModal(prefill: AddPrefill, channelId: string): View {
  const kindOption = (k: ResourceKind) => ({ text: { type: 'plain_text' as const, text: k }, value: k });
  return {
    type: 'modal',
    callback_id: ADD_MODAL_CALLBACK,
    private_metadata: JSON.stringify({ channelId }),
    title: { type: 'plain_text', text: 'Add a resource' },
    submit: { type: 'plain_text', text: 'Open PR' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'kind',
        label: { type: 'plain_text', text: 'Kind' },
        element: {
          type: 'static_select',
          action_id: 'kind',
          options: RESOURCE_KINDS.map(kindOption),
          ...(prefill.kind ? { initial_option: kindOption(prefill.kind) } : {}),
        },
      },
      plainInput('name', 'Name', 'The AWS name, e.g. orders or orders.fifo', {
        ...(prefill.name ? { initial: prefill.name } : {}),
      }),
      plainInput('hash_key', 'Partition key (tables)', 'name:S, name:N or name:B, e.g. id:S', {
        optional: true,
        placeholder: 'id:S',
      }),
      plainInput('options', 'Options', 'Flags as in the command, e.g. --fifo --retention 4d', {
        optional: true,
        ...(prefill.flags.length > 0 ? { initial: prefill.flags.join(' ') } : {}),
      }),
    ],
  };
}

type StateValues = Record<
  string,
  Record<string, { value?: string | null; selected_option?: { value: string } | null }>
>;

export type ModalVerdict =
  | { ok: true; line: string; channelId: string }
  | { ok: false; errors: Record<string, string> };

const FIELD_BLOCK: Record<string, string> = { name: 'name', 'hash-key': 'hash_key' };

/** The submitted modal as a command line, or errors per block (shown by Slack under each input). */
export function readAddModal(values: StateValues, privateMetadata: string): ModalVerdict {
  let channelId = '';
  try {
    channelId = String((JSON.parse(privateMetadata) as { channelId?: unknown }).channelId ?? '');
  } catch {
    return { ok: false, errors: { kind: 'This form is out of date: run /infra add again.' } };
  }
  const kind = values.kind?.kind?.selected_option?.value as ResourceKind | undefined;
  if (!kind || !RESOURCE_KINDS.includes(kind))
    return { ok: false, errors: { kind: 'Choose queue, bucket or table.' } };
  const name = (values.name?.name?.value ?? '').trim();
  const hashKey = (values.hash_key?.hash_key?.value ?? '').trim();
  const optionsText = (values.options?.options?.value ?? '').trim();
  const optionWords = tokenize(optionsText);
  if (!optionWords.ok) return { ok: false, errors: { options: optionWords.error } };
  const flags: Record<string, string | true> = {};
  const words = optionWords.words;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith('--'))
      return { ok: false, errors: { options: `"${word.slice(0, 40)}" is not a flag (flags start with --)` } };
    const [flag, inline] = word.slice(2).split('=', 2) as [string, string | undefined];
    const next = words[i + 1];
    if (inline !== undefined) flags[flag] = inline;
    else if (next !== undefined && !next.startsWith('--')) {
      flags[flag] = next;
      i++;
    } else flags[flag] = true;
  }
  if (hashKey) {
    if (kind !== 'table')
      return { ok: false, errors: { hash_key: 'Only tables have a partition key: leave it empty.' } };
    flags['hash-key'] = hashKey;
  }
  const spec = parseResourceSpec(kind, name, flags);
  if (!spec.ok) return { ok: false, errors: { [FIELD_BLOCK[spec.field ?? ''] ?? 'options']: spec.error } };
  const line = [
    'add',
    kind,
    quoteWord(name),
    // The key first, as people type it.
    ...Object.entries({ ...(flags['hash-key'] ? { 'hash-key': flags['hash-key'] } : {}), ...flags }).map(
      ([k, v]) => (v === true ? `--${k}` : `--${k} ${quoteWord(v)}`),
    ),
  ].join(' ');
  return { ok: true, line, channelId };
}
