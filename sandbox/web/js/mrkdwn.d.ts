/** Types for the browser module mrkdwn.js, so node tests can import it under strict TypeScript. */
export interface MentionLookup {
  user?: (id: string) => string | undefined;
  channel?: (id: string) => string | undefined;
  usergroup?: (id: string) => string | undefined;
}
export function escapeHtml(text: string): string;
export function isSafeUrl(url: string): boolean;
export function mrkdwnToHtml(text: string, lookup?: MentionLookup): string;
export function plainToHtml(text: string): string;
