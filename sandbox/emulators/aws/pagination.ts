import type { AwsError } from './errors.js';

/**
 * Offset pagination behind an opaque token, so clients that forget to follow NextToken see
 * the truncation they would see against AWS.
 */
export function paginate<T>(
  items: readonly T[],
  token: string | undefined,
  pageSize: number,
  invalidToken: () => AwsError,
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (token !== undefined && token !== '') {
    const decoded = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
    const match = /^offset:(\d+)$/.exec(decoded);
    if (!match) throw invalidToken();
    offset = Number(match[1]);
    if (offset > items.length) throw invalidToken();
  }
  const page = items.slice(offset, offset + pageSize);
  const next = offset + pageSize;
  return next < items.length
    ? { page, nextToken: Buffer.from(`offset:${next}`).toString('base64url') }
    : { page };
}
