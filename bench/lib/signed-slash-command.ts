import { createHmac } from 'node:crypto';

/** A slash command request body and headers exactly as Slack signs them. */
export function signedSlashCommand(
  secret: string,
  text: string,
  i: number,
): { body: string; headers: Record<string, string> } {
  const body = new URLSearchParams({
    token: 'legacy',
    team_id: 'T0BENCH',
    team_domain: 'bench',
    channel_id: 'C0INFRA',
    channel_name: 'infra',
    user_id: 'U0VIEWER',
    user_name: 'vic',
    command: '/infra',
    text,
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
    response_url: `http://127.0.0.1:9/response/${i}`,
    trigger_id: `${i}.1.bench`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000).toString();
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': signature,
    },
  };
}
