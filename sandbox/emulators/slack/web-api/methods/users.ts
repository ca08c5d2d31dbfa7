import { fail, type MethodHandler } from '../method.js';

/** users.info and usergroups.users.list: what infrabot needs to decide who may do what. */
export const usersMethods: Record<string, MethodHandler> = {
  'users.info': (params, core) => {
    const id = params.string('user');
    const user = id ? core.workspace.user(id) : undefined;
    if (!user) return fail('user_not_found');
    return { ok: true, user: structuredClone(user) };
  },

  'usergroups.users.list': (params, core) => {
    const id = params.string('usergroup');
    const group = id ? core.workspace.userGroup(id) : undefined;
    if (!group) return fail('no_such_subteam');
    return { ok: true, users: [...group.users] };
  },
};
