import type { GitHubEmulator } from './emulators/github/index.js';
import type { SlackEmulator } from './emulators/slack/index.js';

/** The people and channels of the demo, matching infrabot.example.yml's `access` and `alerts`. */
export const DEMO_USERS = [
  { id: 'U0ADMIN', name: 'ada', real_name: 'Ada (admin)' },
  { id: 'U0OPERATOR', name: 'olive', real_name: 'Olive (operator)' },
  { id: 'U0MEMBER', name: 'max', real_name: 'Max (platform group)' },
  { id: 'U0VIEWER', name: 'vic', real_name: 'Vic (viewer)' },
] as const;

export const DEMO_CHANNELS = [
  { id: 'C0INFRA', name: 'infra' },
  { id: 'C0ALERTS', name: 'alerts' },
  { id: 'C0PRODALERTS', name: 'prod-alerts' },
  { id: 'C0AUDIT', name: 'infrabot-audit' },
  { id: 'C0RANDOM', name: 'random' },
] as const;

export function seedSlackWorkspace(slack: SlackEmulator): void {
  for (const user of DEMO_USERS) slack.addUser({ ...user, tz: 'Asia/Tokyo' });
  slack.addUserGroup({ id: 'S0PLATFORM', handle: 'platform', users: ['U0MEMBER'] });
  for (const channel of DEMO_CHANNELS) slack.addChannel(channel);
}

/** The team's infra repo: a couple of Terraform files, so `/infra add` has somewhere to go. */
export function seedInfraRepo(github: GitHubEmulator): void {
  github.createRepo('acme', 'infra', {
    defaultBranch: 'main',
    files: {
      'README.md': '# acme/infra\n\nTerraform for acme. Changes arrive as reviewed pull requests.\n',
      'aws/providers.tf': 'provider "aws" {\n  region = "ap-northeast-1"\n}\n',
      'aws/queues/billing.tf':
        'resource "aws_sqs_queue" "billing" {\n  name                    = "billing"\n  sqs_managed_sse_enabled = true\n}\n',
    },
    collaborators: ['platform-lead', 'ada', 'olive'],
    teams: ['platform'],
  });
}
