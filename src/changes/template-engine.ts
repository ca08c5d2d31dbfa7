/**
 * The small template language of `templates/*.tf.tmpl`: `{{name}}` inserts a value (strings
 * arrive already as HCL literals, see render-resource.ts), and a line `{{#flag}}` … `{{/flag}}`
 * keeps its lines only when the flag is on (`{{^flag}}` when off). Anything else in `{{ }}` is an
 * error naming the template line, so a typo in a repo's override template is reported, not
 * rendered as broken Terraform.
 */

export type TemplateValues = Record<string, string>;
export type TemplateFlags = Record<string, boolean>;

export class TemplateError extends Error {
  constructor(
    readonly template: string,
    message: string,
  ) {
    super(`template ${template}: ${message}`);
    this.name = 'TemplateError';
  }
}

const SECTION_OPEN = /^\{\{([#^])([a-z_]+)\}\}$/;
const SECTION_CLOSE = /^\{\{\/([a-z_]+)\}\}$/;
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

export function renderTemplate(
  templateName: string,
  source: string,
  values: TemplateValues,
  flags: TemplateFlags,
): string {
  const out: string[] = [];
  // Each open section: its flag and whether its lines are kept (an outer false wins).
  const stack: Array<{ flag: string; keep: boolean; line: number }> = [];
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const trimmed = line.trim();
    const open = SECTION_OPEN.exec(trimmed);
    if (open) {
      const flag = open[2]!;
      if (!(flag in flags))
        throw new TemplateError(templateName, `line ${lineNo}: unknown section "${flag}"`);
      const on = open[1] === '#' ? flags[flag]! : !flags[flag]!;
      stack.push({ flag, keep: (stack.at(-1)?.keep ?? true) && on, line: lineNo });
      return;
    }
    const close = SECTION_CLOSE.exec(trimmed);
    if (close) {
      const top = stack.pop();
      if (!top || top.flag !== close[1])
        throw new TemplateError(templateName, `line ${lineNo}: {{/${close[1]}}} closes no open section`);
      return;
    }
    if (!(stack.at(-1)?.keep ?? true)) return;
    out.push(
      line.replace(PLACEHOLDER, (_, key: string) => {
        const name = key.trim();
        const value = values[name];
        if (value === undefined)
          throw new TemplateError(
            templateName,
            `line ${lineNo}: unknown value {{${key}}} (known: ${Object.keys(values).sort().join(', ')})`,
          );
        return value;
      }),
    );
  });
  const unclosed = stack.at(-1);
  if (unclosed)
    throw new TemplateError(templateName, `line ${unclosed.line}: {{#${unclosed.flag}}} is never closed`);
  return out.join('\n');
}
