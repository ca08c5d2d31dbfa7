import { queryInt } from './validation.js';

/**
 * `per_page`/`page` slicing with a GitHub-style `Link` header, so `octokit.paginate` walks the
 * pages exactly as it would against GitHub.
 */

export function paginate<T>(
  items: T[],
  query: URLSearchParams,
  selfUrl: string,
): { page: T[]; headers: Record<string, string> } {
  const perPage = queryInt(query, 'per_page', 30, 100);
  const page = queryInt(query, 'page', 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (target: number, rel: string): string => {
    const params = new URLSearchParams(query);
    params.set('per_page', String(perPage));
    params.set('page', String(target));
    return `<${selfUrl}?${params.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(Math.min(page - 1, lastPage), 'prev'));
  return { page: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}
