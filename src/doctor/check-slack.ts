import { WebClient } from '@slack/web-api';
import type { Config } from '../config/schema.js';
import type { RuntimeEnv } from '../runtime-env.js';
import { type CheckResult, fail, pass, skip } from './check.js';

export async function checkSlack(
  env: RuntimeEnv,
  config: Config | undefined,
  wantedScopes: string[],
): Promise<CheckResult[]> {
  if (!env.SLACK_BOT_TOKEN) {
    return [skip('slack', 'SLACK_BOT_TOKEN is not set: `infrabot serve` would start the local sandbox')];
  }
  const results: CheckResult[] = [];
  if (env.SLACK_APP_TOKEN)
    results.push(pass('slack mode', 'Socket Mode (SLACK_APP_TOKEN set; no public endpoint needed)'));
  else if (env.SLACK_SIGNING_SECRET)
    results.push(pass('slack mode', 'HTTP mode (requests verified with SLACK_SIGNING_SECRET)'));
  else {
    results.push(
      fail(
        'slack mode',
        'neither SLACK_APP_TOKEN nor SLACK_SIGNING_SECRET is set',
        'set SLACK_APP_TOKEN (xapp-…, connections:write) for Socket Mode',
      ),
    );
  }
  const client = new WebClient(env.SLACK_BOT_TOKEN, {
    ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
    retryConfig: { retries: 1 },
  });
  let granted: string[] = [];
  try {
    const auth = await client.auth.test();
    granted = auth.response_metadata?.scopes ?? [];
    results.push(
      pass('slack auth.test', `bot ${auth.user ?? auth.user_id} in workspace ${auth.team ?? auth.team_id}`),
    );
  } catch (error) {
    results.push(
      fail(
        'slack auth.test',
        (error as Error).message,
        "copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page",
      ),
    );
    return results;
  }
  const missing = wantedScopes.filter((s) => !granted.includes(s));
  results.push(
    missing.length === 0
      ? pass('slack scopes', `all ${wantedScopes.length} scopes of manifest.yml granted`)
      : fail(
          'slack scopes',
          `missing ${missing.join(', ')}`,
          'update the app from manifest.yml and reinstall it to the workspace',
        ),
  );
  for (const [label, channel] of [
    ['alerts channel', config?.alerts?.channel],
    ['audit channel', config?.access.audit_channel],
  ] as const) {
    if (!channel) continue;
    try {
      const info = await client.conversations.info({ channel });
      results.push(
        info.channel?.is_member === false
          ? fail(
              `slack ${label}`,
              `#${info.channel?.name ?? channel} exists but infrabot is not in it`,
              `invite it: /invite @infrabot in #${info.channel?.name ?? channel}`,
            )
          : pass(`slack ${label}`, `#${info.channel?.name ?? channel}`),
      );
    } catch (error) {
      results.push(
        fail(
          `slack ${label}`,
          `${channel}: ${(error as Error).message}`,
          'check the channel ID in infrabot.yml (channel details → bottom of the About tab)',
        ),
      );
    }
  }
  return results;
}
