import type { WebClient } from '@slack/web-api';
import type { GroupDirectory } from '../access/access-policy.js';

/** User group membership through usergroups.users.list (scope usergroups:read). */
export class SlackGroupDirectory implements GroupDirectory {
  constructor(private readonly client: WebClient) {}

  async membersOf(groupId: string): Promise<string[]> {
    const out = await this.client.usergroups.users.list({ usergroup: groupId });
    return out.users ?? [];
  }
}
