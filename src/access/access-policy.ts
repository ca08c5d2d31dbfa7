import type { Actor } from '../commands/context.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../logger.js';
import { type Role, roleAtLeast } from './roles.js';

/** Who is in a Slack user group. The Slack adapter implements it with usergroups.users.list. */
export interface GroupDirectory {
  membersOf(groupId: string): Promise<string[]>;
}

export type AccessDecision = { allowed: true; role: Role } | { allowed: false; role?: Role; reason: string };

export interface AccessRequest {
  actor: Actor;
  channelId?: string;
  verb: { name: string; role: Role; mutates: boolean };
  environment?: string;
}

const GROUP_CACHE_MS = 5 * 60_000;
/** After a failed lookup, wait this long before asking Slack again (no retry storm on every command). */
const GROUP_FAILURE_CACHE_MS = 30_000;

/**
 * Roles come from Slack user IDs and user groups in `access`; groups are cached for five minutes
 * so a burst of commands costs one usergroups.users.list call per group.
 *
 * The terminal is trusted as admin: it runs with the caller's own AWS credentials, so IAM is the
 * real gate there; protected environments still apply to it. The schedule acts as an operator.
 */
export class AccessPolicy {
  private readonly cache = new Map<string, { members: Set<string>; until: number }>();
  private readonly inFlight = new Map<string, Promise<Set<string>>>();

  constructor(
    private readonly access: Config['access'],
    private readonly environments: Config['environments'],
    private readonly directory: GroupDirectory | undefined,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async roleOf(actor: Actor): Promise<Role | undefined> {
    if (actor.kind === 'terminal') return 'admin';
    // The schedule may stop and start what the config schedules; protected environments still refuse it.
    if (actor.kind === 'schedule') return 'operator';
    if (await this.isIn(actor.userId, this.access.admins)) return 'admin';
    if (await this.isIn(actor.userId, this.access.operators)) return 'operator';
    if (this.access.viewers.length === 0 || (await this.isIn(actor.userId, this.access.viewers)))
      return 'viewer';
    return undefined;
  }

  async check(request: AccessRequest): Promise<AccessDecision> {
    const { actor, channelId, verb, environment } = request;
    const role = await this.roleOf(actor);
    if (
      actor.kind === 'slack' &&
      this.access.channels.length > 0 &&
      channelId &&
      !channelId.startsWith('D')
    ) {
      if (!this.access.channels.includes(channelId)) {
        const where = this.access.channels.map((c) => `<#${c}>`).join(', ');
        return {
          allowed: false,
          ...(role ? { role } : {}),
          reason: `infrabot is not used in this channel. Run \`/infra ${verb.name}\` in ${where}.`,
        };
      }
    }
    if (!role) {
      return {
        allowed: false,
        reason:
          'You are not on infrabot’s list of viewers. Ask an infrabot admin to add you (or your user group) under `access` in infrabot.yml.',
      };
    }
    if (!roleAtLeast(role, verb.role)) {
      return {
        allowed: false,
        role,
        reason: `\`${verb.name}\` needs the ${verb.role} role and you are ${article(role)} ${role}. Ask an infrabot admin to add you (or your user group) to \`access.${verb.role}s\` in infrabot.yml.`,
      };
    }
    if (verb.mutates && environment && this.environments[environment]?.protected) {
      return {
        allowed: false,
        role,
        reason: `${environment} is protected: infrabot only shows its status and alarms and never changes it. Use your team’s deploy process for ${environment}.`,
      };
    }
    return { allowed: true, role };
  }

  private async isIn(userId: string, principals: readonly string[]): Promise<boolean> {
    if (principals.includes(userId)) return true;
    for (const principal of principals) {
      if (principal.startsWith('S') && (await this.groupMembers(principal)).has(userId)) return true;
    }
    return false;
  }

  private groupMembers(groupId: string): Promise<Set<string>> {
    const cached = this.cache.get(groupId);
    if (cached && cached.until > this.now()) return Promise.resolve(cached.members);
    if (!this.directory) return Promise.resolve(new Set());
    // Single flight: a burst of commands after the cache lapses makes one Slack call, not one each.
    let pending = this.inFlight.get(groupId);
    if (!pending) {
      pending = this.fetchMembers(groupId, cached?.members).finally(() => this.inFlight.delete(groupId));
      this.inFlight.set(groupId, pending);
    }
    return pending;
  }

  private async fetchMembers(groupId: string, stale: Set<string> | undefined): Promise<Set<string>> {
    try {
      const members = new Set(await this.directory!.membersOf(groupId));
      this.cache.set(groupId, { members, until: this.now() + GROUP_CACHE_MS });
      return members;
    } catch (error) {
      // Fail closed (no membership) but keep a stale answer if we have one: Slack hiccups
      // shouldn't lock the on-call engineer out in the middle of an incident.
      this.logger.warn({ err: error, groupId }, 'could not read Slack user group members');
      const members = stale ?? new Set<string>();
      this.cache.set(groupId, { members, until: this.now() + GROUP_FAILURE_CACHE_MS });
      return members;
    }
  }
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
