import type { MethodHandler } from '../method.js';

/** auth.test: who the token belongs to. Granted scopes travel in the `x-oauth-scopes` header (added by the router). */
export const authMethods: Record<string, MethodHandler> = {
  'auth.test': (_params, core) => {
    const { team, bot } = core.workspace;
    return {
      ok: true,
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: bot.name,
      team_id: team.id,
      user_id: bot.userId,
      bot_id: bot.botId,
      is_enterprise_install: false,
    };
  },
};
