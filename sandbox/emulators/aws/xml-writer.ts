/** A list in a Query-protocol response: each item is wrapped in `<memberName>` (AWS's `xmlName`). */
export class XmlList {
  constructor(
    readonly memberName: string,
    readonly items: readonly unknown[],
  ) {}
}

export function xmlList(memberName: string, items: readonly unknown[]): XmlList {
  return new XmlList(memberName, items);
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => {
    switch (c) {
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '&':
        return '&amp;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

/**
 * Renders a value as XML elements. Objects become nested elements in property order, XmlList
 * becomes a wrapped list, Dates are ISO 8601 (the Query protocol's timestamp format), and
 * undefined/null members are left out, as AWS leaves out unset members.
 */
export function toXml(name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = scalar(value);
  if (text !== undefined) return `<${name}>${escapeXml(text)}</${name}>`;
  if (value instanceof XmlList) {
    return `<${name}>${value.items.map((item) => toXml(value.memberName, item)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return '';
}
