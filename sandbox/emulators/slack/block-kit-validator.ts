/**
 * Block Kit validation as Slack's servers do it, for the surfaces infrabot uses: messages,
 * modals and the App Home. Self-contained (no emulator imports) so the bot's own unit tests
 * can check the blocks they build without a server.
 *
 * Problems are reported like Slack's `invalid_blocks` / `invalid_arguments` answers:
 * `"<problem> [json-pointer:/blocks/0/text/text]"`, e.g.
 * `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`,
 * `no more than 50 items allowed [json-pointer:/blocks]`,
 * `unsupported type: tabel [json-pointer:/blocks/2/type]`,
 * `missing required field: alt_text [json-pointer:/blocks/1]`.
 * Slack sometimes adds a generic "failed to match all allowed schemas" line for the same
 * problem; we report the specific one only.
 */

export type BlockSurface = 'message' | 'modal' | 'home';

export interface BlockKitIssue {
  message: string;
  /** RFC 6901 pointer into the request, e.g. `/blocks/3/elements/0/text/text`. */
  pointer: string;
}

/** The documented limits (docs.slack.dev/reference/block-kit). */
export const BLOCK_KIT_LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  messageTextChars: 40_000,
  blockIdChars: 255,
  actionIdChars: 255,
  sectionTextChars: 3000,
  sectionFields: 10,
  sectionFieldChars: 2000,
  headerTextChars: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonTextChars: 75,
  buttonValueChars: 2000,
  urlChars: 3000,
  altTextChars: 2000,
  imageTitleChars: 2000,
  inputLabelChars: 2000,
  inputHintChars: 2000,
  placeholderChars: 150,
  optionTextChars: 75,
  optionValueChars: 150,
  optionDescriptionChars: 75,
  selectOptions: 100,
  overflowOptions: 5,
  checkboxOptions: 10,
  radioOptions: 10,
  confirmTitleChars: 100,
  confirmTextChars: 300,
  confirmButtonChars: 30,
  plainTextInputChars: 3000,
  markdownBlockChars: 12_000,
  viewTitleChars: 24,
  viewButtonChars: 24,
  privateMetadataChars: 3000,
  callbackIdChars: 255,
  externalIdChars: 255,
} as const;

const L = BLOCK_KIT_LIMITS;

/** Formats an issue the way Slack writes it in `errors` (and, prefixed with `[ERROR] `, in `response_metadata.messages`). */
export function formatBlockKitIssue(issue: BlockKitIssue): string {
  return `${issue.message} [json-pointer:${issue.pointer}]`;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly issues: BlockKitIssue[] = [];

  add(message: string, pointer: string): void {
    this.issues.push({ message, pointer });
  }

  /** Returns the object at `pointer`, or reports and returns undefined. */
  object(value: unknown, pointer: string): Json | undefined {
    if (isObject(value)) return value;
    this.add('must be an object', pointer);
    return undefined;
  }

  required(obj: Json, field: string, pointer: string): boolean {
    if (obj[field] === undefined || obj[field] === null) {
      this.add(`missing required field: ${field}`, pointer);
      return false;
    }
    return true;
  }

  string(value: unknown, pointer: string, max: number, min = 0): void {
    if (typeof value !== 'string') {
      this.add('must be a string', pointer);
      return;
    }
    if (value.length > max) this.add(`must be less than ${max + 1} characters`, pointer);
    else if (value.length < min) this.add(`must be more than ${min - 1} characters`, pointer);
  }

  optionalString(obj: Json, field: string, pointer: string, max: number): void {
    if (obj[field] !== undefined) this.string(obj[field], `${pointer}/${field}`, max);
  }

  enumValue(value: unknown, allowed: readonly string[], pointer: string): void {
    if (typeof value !== 'string' || !allowed.includes(value))
      this.add('must be a valid enum value', pointer);
  }

  /** Checks an array's size; returns the array when it is one. */
  array(value: unknown, pointer: string, max: number, min = 0): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.add('must be an array', pointer);
      return undefined;
    }
    if (value.length > max) this.add(`no more than ${max} items allowed`, pointer);
    if (value.length < min) this.add(`must provide at least ${min} items`, pointer);
    return value;
  }

  /** A composition text object: `{ type: 'plain_text' | 'mrkdwn', text }`. */
  text(value: unknown, pointer: string, max: number, plainOnly = false): void {
    const obj = this.object(value, pointer);
    if (!obj) return;
    if (!this.required(obj, 'type', pointer)) return;
    this.enumValue(obj.type, plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'], `${pointer}/type`);
    if (!this.required(obj, 'text', pointer)) return;
    this.string(obj.text, `${pointer}/text`, max, 1);
  }

  optionalText(obj: Json, field: string, pointer: string, max: number, plainOnly = false): void {
    if (obj[field] !== undefined) this.text(obj[field], `${pointer}/${field}`, max, plainOnly);
  }

  requiredText(obj: Json, field: string, pointer: string, max: number, plainOnly = false): void {
    if (this.required(obj, field, pointer)) this.text(obj[field], `${pointer}/${field}`, max, plainOnly);
  }

  url(obj: Json, field: string, pointer: string): void {
    if (obj[field] === undefined) return;
    this.string(obj[field], `${pointer}/${field}`, L.urlChars, 1);
  }

  actionId(obj: Json, pointer: string): void {
    this.optionalString(obj, 'action_id', pointer, L.actionIdChars);
  }

  confirm(obj: Json, pointer: string): void {
    if (obj.confirm === undefined) return;
    const p = `${pointer}/confirm`;
    const confirm = this.object(obj.confirm, p);
    if (!confirm) return;
    this.requiredText(confirm, 'title', p, L.confirmTitleChars, true);
    this.requiredText(confirm, 'text', p, L.confirmTextChars);
    this.requiredText(confirm, 'confirm', p, L.confirmButtonChars, true);
    this.requiredText(confirm, 'deny', p, L.confirmButtonChars, true);
    if (confirm.style !== undefined) this.enumValue(confirm.style, ['primary', 'danger'], `${p}/style`);
  }

  option(value: unknown, pointer: string, allowMrkdwn: boolean): void {
    const option = this.object(value, pointer);
    if (!option) return;
    this.requiredText(option, 'text', pointer, L.optionTextChars, !allowMrkdwn);
    if (this.required(option, 'value', pointer))
      this.string(option.value, `${pointer}/value`, L.optionValueChars);
    this.optionalText(option, 'description', pointer, L.optionDescriptionChars, !allowMrkdwn);
    this.url(option, 'url', pointer);
  }

  options(obj: Json, pointer: string, max: number, min: number, allowMrkdwn: boolean): void {
    if (!this.required(obj, 'options', pointer)) return;
    const options = this.array(obj.options, `${pointer}/options`, max, min);
    options?.forEach((option, i) => {
      this.option(option, `${pointer}/options/${i}`, allowMrkdwn);
    });
  }
}

type ElementChecker = (c: Checker, el: Json, pointer: string) => void;

function selectMenu(c: Checker, el: Json, pointer: string): void {
  c.actionId(el, pointer);
  c.optionalText(el, 'placeholder', pointer, L.placeholderChars, true);
  c.confirm(el, pointer);
}

function staticSelect(c: Checker, el: Json, pointer: string): void {
  selectMenu(c, el, pointer);
  if (el.options === undefined && el.option_groups === undefined) {
    c.add('must provide either options or option_groups', pointer);
    return;
  }
  if (el.options !== undefined) {
    c.array(el.options, `${pointer}/options`, L.selectOptions, 1)?.forEach((option, i) => {
      c.option(option, `${pointer}/options/${i}`, false);
    });
  }
  if (el.option_groups !== undefined) {
    c.array(el.option_groups, `${pointer}/option_groups`, L.selectOptions, 1)?.forEach((group, g) => {
      const gp = `${pointer}/option_groups/${g}`;
      const obj = c.object(group, gp);
      if (!obj) return;
      c.requiredText(obj, 'label', gp, L.optionTextChars, true);
      if (c.required(obj, 'options', gp)) {
        c.array(obj.options, `${gp}/options`, L.selectOptions, 1)?.forEach((option, i) => {
          c.option(option, `${gp}/options/${i}`, false);
        });
      }
    });
  }
}

function textInput(c: Checker, el: Json, pointer: string): void {
  c.actionId(el, pointer);
  c.optionalText(el, 'placeholder', pointer, L.placeholderChars, true);
  c.optionalString(el, 'initial_value', pointer, L.plainTextInputChars);
}

function imageElement(c: Checker, el: Json, pointer: string): void {
  if (el.image_url === undefined && el.slack_file === undefined) {
    c.add('missing required field: image_url', pointer);
  }
  c.url(el, 'image_url', pointer);
  if (c.required(el, 'alt_text', pointer)) c.string(el.alt_text, `${pointer}/alt_text`, L.altTextChars, 1);
}

const ELEMENTS: Record<string, ElementChecker> = {
  button(c, el, pointer) {
    c.requiredText(el, 'text', pointer, L.buttonTextChars, true);
    c.actionId(el, pointer);
    c.optionalString(el, 'value', pointer, L.buttonValueChars);
    c.url(el, 'url', pointer);
    if (el.style !== undefined) c.enumValue(el.style, ['primary', 'danger'], `${pointer}/style`);
    c.optionalString(el, 'accessibility_label', pointer, L.buttonTextChars);
    c.confirm(el, pointer);
  },
  static_select: staticSelect,
  multi_static_select: staticSelect,
  external_select: selectMenu,
  multi_external_select: selectMenu,
  users_select: selectMenu,
  multi_users_select: selectMenu,
  conversations_select: selectMenu,
  multi_conversations_select: selectMenu,
  channels_select: selectMenu,
  multi_channels_select: selectMenu,
  overflow(c, el, pointer) {
    c.actionId(el, pointer);
    c.options(el, pointer, L.overflowOptions, 1, false);
    c.confirm(el, pointer);
  },
  checkboxes(c, el, pointer) {
    c.actionId(el, pointer);
    c.options(el, pointer, L.checkboxOptions, 1, true);
    c.confirm(el, pointer);
  },
  radio_buttons(c, el, pointer) {
    c.actionId(el, pointer);
    c.options(el, pointer, L.radioOptions, 1, true);
    c.confirm(el, pointer);
  },
  datepicker(c, el, pointer) {
    selectMenu(c, el, pointer);
    if (el.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(el.initial_date))) {
      c.add('must be a valid date (YYYY-MM-DD)', `${pointer}/initial_date`);
    }
  },
  timepicker(c, el, pointer) {
    selectMenu(c, el, pointer);
    if (el.initial_time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(String(el.initial_time))) {
      c.add('must be a valid time (HH:mm)', `${pointer}/initial_time`);
    }
  },
  datetimepicker(c, el, pointer) {
    c.actionId(el, pointer);
    c.confirm(el, pointer);
  },
  plain_text_input(c, el, pointer) {
    textInput(c, el, pointer);
    for (const field of ['min_length', 'max_length'] as const) {
      const value = el[field];
      if (value !== undefined && (typeof value !== 'number' || value < 0 || value > L.plainTextInputChars)) {
        c.add(`must be an integer between 0 and ${L.plainTextInputChars}`, `${pointer}/${field}`);
      }
    }
  },
  email_text_input: textInput,
  url_text_input: textInput,
  number_input(c, el, pointer) {
    textInput(c, el, pointer);
    if (c.required(el, 'is_decimal_allowed', pointer) && typeof el.is_decimal_allowed !== 'boolean') {
      c.add('must be a boolean', `${pointer}/is_decimal_allowed`);
    }
  },
  rich_text_input: textInput,
  file_input(c, el, pointer) {
    c.actionId(el, pointer);
  },
  image: imageElement,
  workflow_button(c, el, pointer) {
    c.requiredText(el, 'text', pointer, L.buttonTextChars, true);
    c.required(el, 'workflow', pointer);
    c.actionId(el, pointer);
  },
};

const SELECTS = [
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
];
const ACCESSORY_TYPES = [
  'button',
  'checkboxes',
  'datepicker',
  'image',
  'overflow',
  'radio_buttons',
  'timepicker',
  'workflow_button',
  ...SELECTS,
];
const ACTIONS_TYPES = [
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'overflow',
  'radio_buttons',
  'timepicker',
  'workflow_button',
  'rich_text_input',
  ...SELECTS,
];
const INPUT_TYPES = [
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'email_text_input',
  'file_input',
  'number_input',
  'plain_text_input',
  'radio_buttons',
  'rich_text_input',
  'timepicker',
  'url_text_input',
  ...SELECTS,
];

function element(c: Checker, value: unknown, pointer: string, allowed: readonly string[]): void {
  const el = c.object(value, pointer);
  if (!el) return;
  if (!c.required(el, 'type', pointer)) return;
  const type = String(el.type);
  const check = ELEMENTS[type];
  if (!check || !allowed.includes(type)) {
    c.add(`unsupported type: ${type}`, `${pointer}/type`);
    return;
  }
  check(c, el, pointer);
}

type BlockChecker = (c: Checker, block: Json, pointer: string) => void;

interface BlockSpec {
  surfaces: readonly BlockSurface[];
  check: BlockChecker;
}

const ALL: readonly BlockSurface[] = ['message', 'modal', 'home'];

const BLOCKS: Record<string, BlockSpec> = {
  section: {
    surfaces: ALL,
    check(c, block, pointer) {
      if (block.text === undefined && block.fields === undefined) {
        c.add('must define either `text` or `fields`', pointer);
      }
      c.optionalText(block, 'text', pointer, L.sectionTextChars);
      if (block.fields !== undefined) {
        c.array(block.fields, `${pointer}/fields`, L.sectionFields, 1)?.forEach((field, i) => {
          c.text(field, `${pointer}/fields/${i}`, L.sectionFieldChars);
        });
      }
      if (block.accessory !== undefined) element(c, block.accessory, `${pointer}/accessory`, ACCESSORY_TYPES);
    },
  },
  header: {
    surfaces: ALL,
    check(c, block, pointer) {
      c.requiredText(block, 'text', pointer, L.headerTextChars, true);
    },
  },
  divider: { surfaces: ALL, check() {} },
  context: {
    surfaces: ALL,
    check(c, block, pointer) {
      if (!c.required(block, 'elements', pointer)) return;
      c.array(block.elements, `${pointer}/elements`, L.contextElements, 1)?.forEach((value, i) => {
        const p = `${pointer}/elements/${i}`;
        const el = c.object(value, p);
        if (!el) return;
        if (el.type === 'image') imageElement(c, el, p);
        else if (el.type === 'plain_text' || el.type === 'mrkdwn') c.text(el, p, L.sectionTextChars);
        else c.add(`unsupported type: ${String(el.type)}`, `${p}/type`);
      });
    },
  },
  actions: {
    surfaces: ALL,
    check(c, block, pointer) {
      if (!c.required(block, 'elements', pointer)) return;
      c.array(block.elements, `${pointer}/elements`, L.actionsElements, 1)?.forEach((el, i) => {
        element(c, el, `${pointer}/elements/${i}`, ACTIONS_TYPES);
      });
    },
  },
  image: {
    surfaces: ALL,
    check(c, block, pointer) {
      imageElement(c, block, pointer);
      c.optionalText(block, 'title', pointer, L.imageTitleChars, true);
    },
  },
  input: {
    surfaces: ALL,
    check(c, block, pointer) {
      c.requiredText(block, 'label', pointer, L.inputLabelChars, true);
      c.optionalText(block, 'hint', pointer, L.inputHintChars, true);
      if (c.required(block, 'element', pointer)) element(c, block.element, `${pointer}/element`, INPUT_TYPES);
    },
  },
  rich_text: {
    surfaces: ALL,
    check(c, block, pointer) {
      if (c.required(block, 'elements', pointer)) c.array(block.elements, `${pointer}/elements`, Infinity);
    },
  },
  markdown: {
    surfaces: ['message'],
    check(c, block, pointer) {
      if (c.required(block, 'text', pointer))
        c.string(block.text, `${pointer}/text`, L.markdownBlockChars, 1);
    },
  },
  file: {
    surfaces: ['message'],
    check(c, block, pointer) {
      c.required(block, 'external_id', pointer);
      if (c.required(block, 'source', pointer)) c.enumValue(block.source, ['remote'], `${pointer}/source`);
    },
  },
  video: {
    surfaces: ALL,
    check(c, block, pointer) {
      for (const field of ['alt_text', 'title', 'thumbnail_url', 'video_url'])
        c.required(block, field, pointer);
    },
  },
  table: {
    surfaces: ['message'],
    check(c, block, pointer) {
      if (c.required(block, 'rows', pointer)) c.array(block.rows, `${pointer}/rows`, 100, 1);
    },
  },
};

/**
 * Validates a `blocks` array for a surface. `pointer` is where the array sits in the request
 * (`/blocks` for chat.*, `/view/blocks` for views.*). An empty result means Slack would accept it.
 */
export function validateBlocks(blocks: unknown, surface: BlockSurface, pointer = '/blocks'): BlockKitIssue[] {
  const c = new Checker();
  const max = surface === 'message' ? L.blocksPerMessage : L.blocksPerView;
  const list = c.array(blocks, pointer, max);
  if (!list) return c.issues;
  const seenBlockIds = new Set<string>();
  list.forEach((value, i) => {
    const p = `${pointer}/${i}`;
    const block = c.object(value, p);
    if (!block) return;
    if (!c.required(block, 'type', p)) return;
    const type = String(block.type);
    const spec = BLOCKS[type];
    if (!spec?.surfaces.includes(surface)) {
      c.add(`unsupported type: ${type}`, `${p}/type`);
      return;
    }
    if (block.block_id !== undefined) {
      c.string(block.block_id, `${p}/block_id`, L.blockIdChars, 1);
      const id = String(block.block_id);
      if (seenBlockIds.has(id)) c.add(`duplicate block_id: ${id}`, `${p}/block_id`);
      seenBlockIds.add(id);
    }
    spec.check(c, block, p);
  });
  return c.issues;
}

/** Validates a view object given to views.open / views.push / views.update / views.publish. */
export function validateView(view: unknown, pointer = '/view'): BlockKitIssue[] {
  const c = new Checker();
  const obj = c.object(view, pointer);
  if (!obj) return c.issues;
  if (!c.required(obj, 'type', pointer)) return c.issues;
  if (obj.type !== 'modal' && obj.type !== 'home') {
    c.add(`unsupported type: ${String(obj.type)}`, `${pointer}/type`);
    return c.issues;
  }
  if (obj.type === 'modal') {
    c.requiredText(obj, 'title', pointer, L.viewTitleChars, true);
    c.optionalText(obj, 'submit', pointer, L.viewButtonChars, true);
    c.optionalText(obj, 'close', pointer, L.viewButtonChars, true);
    const hasInput = Array.isArray(obj.blocks) && obj.blocks.some((b) => isObject(b) && b.type === 'input');
    if (hasInput && obj.submit === undefined) c.add('must provide submit when using input blocks', pointer);
  }
  c.optionalString(obj, 'private_metadata', pointer, L.privateMetadataChars);
  c.optionalString(obj, 'callback_id', pointer, L.callbackIdChars);
  c.optionalString(obj, 'external_id', pointer, L.externalIdChars);
  if (c.required(obj, 'blocks', pointer)) {
    c.issues.push(...validateBlocks(obj.blocks, obj.type === 'home' ? 'home' : 'modal', `${pointer}/blocks`));
  }
  return c.issues;
}
