import type { Actor, LabelRecord, Repository, Team } from './repo-store.js';

/**
 * JSON representations shared by every area. Field names and nesting follow GitHub's REST
 * responses; only fields a client could plausibly read are included.
 */

export interface Links {
  /** Base of API URLs (`url` fields), the emulator's own address. */
  api: string;
  /** Base of browser URLs (`html_url` fields). */
  html: string;
}

/** GitHub timestamps are ISO 8601 in UTC without fractions of a second. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function isoOrNull(date: Date | null): string | null {
  return date ? iso(date) : null;
}

/** Opaque GraphQL-style ids; clients only ever pass them back, so stable and unique is enough. */
export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_kw${Buffer.from(String(id)).toString('base64url')}`;
}

/** GitHub wraps base64 payloads (blobs, contents) at 60 characters with a trailing newline. */
export function wrappedBase64(bytes: Buffer): string {
  const flat = bytes.toString('base64');
  if (flat === '') return '';
  return `${flat.match(/.{1,60}/g)!.join('\n')}\n`;
}

export function userView(links: Links, actor: Actor): Record<string, unknown> {
  const url = `${links.api}/users/${encodeURIComponent(actor.login)}`;
  return {
    login: actor.login,
    id: actor.id,
    node_id: nodeId(actor.type === 'Organization' ? 'O' : 'U', actor.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${actor.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${links.html}/${actor.login}`,
    followers_url: `${url}/followers`,
    repos_url: `${url}/repos`,
    type: actor.type,
    site_admin: false,
  };
}

export function repoView(links: Links, repo: Repository): Record<string, unknown> {
  const url = `${links.api}/repos/${repo.fullName}`;
  const openIssues = [...repo.pulls.values()].filter((pull) => pull.state === 'open').length;
  return {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: true,
    owner: userView(links, repo.owner),
    html_url: `${links.html}/${repo.fullName}`,
    description: null,
    fork: false,
    url,
    git_refs_url: `${url}/git/refs{/sha}`,
    contents_url: `${url}/contents/{+path}`,
    pulls_url: `${url}/pulls{/number}`,
    issues_url: `${url}/issues{/number}`,
    clone_url: `${links.html}/${repo.fullName}.git`,
    created_at: iso(repo.createdAt),
    updated_at: iso(repo.createdAt),
    pushed_at: iso(repo.createdAt),
    size: 0,
    visibility: 'private',
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    open_issues: openIssues,
    default_branch: repo.defaultBranch,
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    allow_merge_commit: true,
    allow_squash_merge: true,
    allow_rebase_merge: true,
    delete_branch_on_merge: false,
  };
}

export function teamView(links: Links, repo: Repository, team: Team): Record<string, unknown> {
  const url = `${links.api}/organizations/${repo.owner.id}/team/${team.id}`;
  return {
    id: team.id,
    node_id: nodeId('T', team.id),
    url,
    html_url: `${links.html}/orgs/${repo.owner.login}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'push',
    members_url: `${url}/members{/member}`,
    repositories_url: `${url}/repos`,
    parent: null,
  };
}

export function labelView(links: Links, repo: Repository, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${links.api}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

export function authorAssociation(repo: Repository, actor: Actor): string {
  if (actor.id === repo.owner.id) return 'OWNER';
  if (repo.collaborators.has(actor.login.toLowerCase())) return 'COLLABORATOR';
  return 'NONE';
}
