import { h } from './dom.js';
import { escapeHtml, isSafeUrl, mrkdwnToHtml, plainToHtml } from './mrkdwn.js';

/**
 * Block Kit → DOM, for messages and modals.
 *
 * ctx: {
 *   lookup,                      names for mentions (store.lookupFor)
 *   users, channels,             for users_select / conversations_select
 *   imageUrl(url),               a loadable URL for an image, or undefined (external: not loadable offline)
 *   onAction(element, value),    a button click or menu choice in a message or modal
 *   inputs?: Map,                modal only: block_id → { actionId, read() } filled for input blocks
 *   errors?: Record<string,string>  modal only: block_id → error from response_action: errors
 * }
 */
export function renderBlocks(blocks, ctx) {
  const root = h('div', { class: 'blocks' });
  for (const block of Array.isArray(blocks) ? blocks : []) {
    const render = BLOCKS[block?.type];
    root.append(
      render ? render(block, ctx) : h('div', { class: 'unsupported' }, `[${String(block?.type)} block]`),
    );
  }
  return root;
}

/** A text object (plain_text or mrkdwn) as a span. */
export function textObject(text, ctx, tag = 'span') {
  if (!text || typeof text !== 'object') return h(tag);
  const html = text.type === 'mrkdwn' ? mrkdwnToHtml(text.text, ctx.lookup) : plainToHtml(text.text);
  return h(tag, { class: text.type === 'mrkdwn' ? 'mrkdwn' : 'plain', trustedHtml: html });
}

const plain = (text) => (text && typeof text === 'object' ? String(text.text ?? '') : '');

const BLOCKS = {
  header: (block) =>
    h('div', {
      class: 'block-header',
      role: 'heading',
      'aria-level': '3',
      trustedHtml: plainToHtml(plain(block.text)),
    }),

  section: (block, ctx) => {
    const body = h('div', { class: 'section-body' });
    if (block.text) body.append(textObject(block.text, ctx, 'div'));
    if (Array.isArray(block.fields) && block.fields.length > 0) {
      body.append(
        h(
          'div',
          { class: 'fields' },
          block.fields.map((f) => textObject(f, ctx, 'div')),
        ),
      );
    }
    const accessory = block.accessory ? element(block.accessory, ctx) : undefined;
    return h(
      'div',
      { class: 'block-section' },
      body,
      accessory && h('div', { class: 'accessory' }, accessory),
    );
  },

  context: (block, ctx) =>
    h(
      'div',
      { class: 'block-context' },
      (block.elements ?? []).map((el) =>
        el?.type === 'image'
          ? image(el.image_url ?? el.slack_file?.url, el.alt_text, ctx, 'context-image')
          : textObject(el, ctx),
      ),
    ),

  divider: () => h('hr', { class: 'block-divider' }),

  image: (block, ctx) =>
    h(
      'figure',
      { class: 'block-image' },
      block.title && h('figcaption', {}, plain(block.title)),
      image(block.image_url ?? block.slack_file?.url, block.alt_text, ctx),
    ),

  actions: (block, ctx) =>
    h(
      'div',
      { class: 'block-actions' },
      (block.elements ?? []).map((el) => element(el, ctx)),
    ),

  input: (block, ctx) => inputBlock(block, ctx),

  rich_text: (block, ctx) =>
    h('div', { class: 'rich-text mrkdwn', trustedHtml: richText(block.elements, ctx) }),

  file: (block) => h('div', { class: 'unsupported' }, `[remote file ${String(block.external_id ?? '')}]`),
};

function image(url, alt, ctx, className = 'image') {
  const src = typeof url === 'string' ? ctx.imageUrl(url) : undefined;
  if (src) return h('img', { class: className, src, alt: alt ?? '', loading: 'lazy' });
  // External images cannot load here (offline, and the page's CSP allows only its own origin).
  return typeof url === 'string' && isSafeUrl(url)
    ? h(
        'a',
        { class: 'image-link', href: url, target: '_blank', rel: 'noopener noreferrer' },
        `Image: ${alt || url}`,
      )
    : h('span', { class: 'image-link' }, `Image: ${alt ?? 'image'}`);
}

/** Interactive elements in sections and actions blocks. */
function element(el, ctx) {
  switch (el?.type) {
    case 'button':
      return button(el, ctx);
    case 'image':
      return image(el.image_url ?? el.slack_file?.url, el.alt_text, ctx, 'accessory-image');
    case 'static_select':
    case 'overflow':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return menu(el, ctx, (value) => ctx.onAction(el, value));
    default:
      return h('span', { class: 'unsupported' }, `[${String(el?.type)}]`);
  }
}

function button(el, ctx) {
  const label = plain(el.text);
  if (typeof el.url === 'string' && isSafeUrl(el.url)) {
    return h(
      'a',
      { class: ['btn', el.style], href: el.url, target: '_blank', rel: 'noopener noreferrer' },
      label,
    );
  }
  return h(
    'button',
    {
      type: 'button',
      class: ['btn', el.style],
      'data-action-id': el.action_id,
      'aria-label': el.accessibility_label || undefined,
      onclick: (event) => ctx.onAction(el, el.value, event.currentTarget),
    },
    h('span', { trustedHtml: plainToHtml(label) }),
  );
}

function optionsOf(el, ctx) {
  switch (el.type) {
    case 'users_select':
    case 'multi_users_select':
      return (ctx.users ?? [])
        .filter((u) => !u.is_bot)
        .map((u) => ({ value: u.id, label: u.real_name || u.name }));
    case 'conversations_select':
    case 'channels_select':
    case 'multi_conversations_select':
    case 'multi_channels_select':
      return (ctx.channels ?? []).map((c) => ({ value: c.id, label: `#${c.name}` }));
    default:
      return [...(el.options ?? []), ...(el.option_groups ?? []).flatMap((g) => g.options ?? [])].map(
        (o) => ({
          value: o.value,
          label: plain(o.text),
        }),
      );
  }
}

function initialOf(el) {
  return (
    el.initial_option?.value ??
    el.initial_user ??
    el.initial_conversation ??
    el.initial_channel ??
    (el.initial_options ?? [])
      .map((o) => o.value)
      .concat(el.initial_users ?? [], el.initial_conversations ?? [])
  );
}

function menu(el, ctx, onChange, attrs = {}) {
  const multiple = el.type.startsWith('multi_');
  const initial = initialOf(el);
  const chosen = new Set(Array.isArray(initial) ? initial : [initial]);
  const placeholder = plain(el.placeholder) || (el.type === 'overflow' ? '⋯' : 'Choose…');
  const select = h(
    'select',
    {
      class: 'menu',
      multiple,
      'aria-label': attrs.id ? undefined : placeholder,
      ...attrs,
      onchange: onChange ? () => onChange(select.value) : undefined,
    },
    !multiple && h('option', { value: '', selected: !initial || Array.isArray(initial) }, placeholder),
    optionsOf(el, ctx).map((o) => h('option', { value: o.value, selected: chosen.has(o.value) }, o.label)),
  );
  return select;
}

let inputSeq = 0;

/** An input block: a labelled control whose value the modal collects on submit. */
function inputBlock(block, ctx) {
  const el = block.element ?? {};
  const id = `input-${++inputSeq}`;
  const label = plain(block.label);
  let control;
  let read;
  switch (el.type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      const type =
        { email_text_input: 'email', url_text_input: 'url', number_input: 'number' }[el.type] ?? 'text';
      const attrs = {
        id,
        name: el.action_id,
        value: el.initial_value ?? '',
        placeholder: plain(el.placeholder) || undefined,
        maxlength: el.max_length,
        minlength: el.min_length,
        required: block.optional !== true,
      };
      control = el.multiline ? h('textarea', { ...attrs, rows: 4 }) : h('input', { ...attrs, type });
      read = () => (control.value === '' ? null : control.value);
      break;
    }
    case 'datepicker':
    case 'timepicker': {
      control = h('input', {
        id,
        type: el.type === 'datepicker' ? 'date' : 'time',
        value: el.initial_date ?? el.initial_time ?? '',
        required: block.optional !== true,
      });
      read = () => (control.value === '' ? null : control.value);
      break;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const kind = el.type === 'radio_buttons' ? 'radio' : 'checkbox';
      const initial = initialOf(el);
      const chosen = new Set(Array.isArray(initial) ? initial : [initial]);
      const boxes = optionsOf(el, ctx).map((o) => ({
        o,
        input: h('input', { type: kind, name: id, value: o.value, checked: chosen.has(o.value) }),
      }));
      control = h(
        'fieldset',
        { id, class: 'choices', 'aria-label': label },
        boxes.map(({ o, input }) => h('label', { class: 'choice' }, input, ` ${o.label}`)),
      );
      read = () => {
        const values = boxes.filter((b) => b.input.checked).map((b) => b.o.value);
        return kind === 'radio' ? (values[0] ?? null) : values;
      };
      break;
    }
    default: {
      if (/select$/.test(String(el.type))) {
        control = menu(el, ctx, undefined, { id, required: block.optional !== true });
        read = () => {
          if (control.multiple) return [...control.selectedOptions].map((o) => o.value);
          return control.value === '' ? null : control.value;
        };
      } else {
        control = h('span', { class: 'unsupported' }, `[${String(el.type)} input]`);
        read = () => null;
      }
    }
  }
  if (ctx.inputs && block.block_id && el.action_id)
    ctx.inputs.set(block.block_id, { actionId: el.action_id, read });
  const error = ctx.errors?.[block.block_id];
  return h(
    'div',
    { class: ['block-input', error && 'has-error'], 'data-block-id': block.block_id },
    h(
      'label',
      { class: 'input-label', for: id },
      label,
      block.optional ? h('span', { class: 'optional' }, ' (optional)') : null,
    ),
    control,
    block.hint && h('div', { class: 'hint' }, plain(block.hint)),
    error && h('div', { class: 'input-error', role: 'alert' }, error),
  );
}

/** rich_text (what Slack clients send for typed messages) as HTML, every piece escaped. */
function richText(elements, ctx) {
  const inline = (el) => {
    switch (el?.type) {
      case 'text': {
        let html = escapeHtml(el.text ?? '').replace(/\n/g, '<br>');
        if (el.style?.code) html = `<code>${html}</code>`;
        if (el.style?.bold) html = `<b>${html}</b>`;
        if (el.style?.italic) html = `<i>${html}</i>`;
        if (el.style?.strike) html = `<s>${html}</s>`;
        return html;
      }
      case 'link':
        return isSafeUrl(el.url ?? '')
          ? `<a href="${escapeHtml(el.url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(el.text ?? el.url)}</a>`
          : escapeHtml(el.text ?? el.url ?? '');
      case 'user':
        return mrkdwnToHtml(`<@${el.user_id}>`, ctx.lookup);
      case 'channel':
        return mrkdwnToHtml(`<#${el.channel_id}>`, ctx.lookup);
      case 'emoji':
        return plainToHtml(`:${el.name}:`);
      default:
        return '';
    }
  };
  const block = (el) => {
    const inner = (el?.elements ?? [])
      .map((child) => (child?.type?.startsWith('rich_text_') ? block(child) : inline(child)))
      .join('');
    switch (el?.type) {
      case 'rich_text_list':
        return `<${el.style === 'ordered' ? 'ol' : 'ul'}>${(el.elements ?? []).map((item) => `<li>${block(item)}</li>`).join('')}</${el.style === 'ordered' ? 'ol' : 'ul'}>`;
      case 'rich_text_preformatted':
        return `<pre>${inner}</pre>`;
      case 'rich_text_quote':
        return `<blockquote>${inner}</blockquote>`;
      default:
        return `<div>${inner}</div>`;
    }
  };
  return (Array.isArray(elements) ? elements : []).map(block).join('');
}
