import { generateKeyPairSync } from 'node:crypto';
import { type GitHubEmulator, startGitHubEmulator } from '../../sandbox/emulators/github/index.js';
import { ChangeService, type ChangesSettings } from '../../src/changes/change-service.js';
import type { ResourceKind, ResourceSpec } from '../../src/changes/resource-kind.js';
import { parseResourceSpec } from '../../src/changes/resource-options.js';
import { infraRepoConnector } from '../../src/github/github-client.js';
import { readRuntimeEnv } from '../../src/runtime-env.js';
import { captureLogger } from '../support/capture-logger.js';

export const SETTINGS: ChangesSettings = {
  repo: 'acme/infra',
  base: 'main',
  path: 'aws',
  reviewers: ['alice', 'acme/platform'],
  labels: ['infrabot', 'terraform'],
  templates_path: '.infrabot/templates',
};

export const SEED_FILES: Record<string, string> = {
  'README.md': '# infra\n',
  'aws/providers.tf': 'provider "aws" {\n  region = "us-east-1"\n}\n',
  'aws/sqs.tf': 'resource "aws_sqs_queue" "payments" {\n  name = "payments"\n}\n',
  'aws/s3.tf': 'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}\n',
};

export function appKeys() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

export async function startInfraRepoEmulator(
  options: Parameters<typeof startGitHubEmulator>[0] = {},
  files: Record<string, string> = SEED_FILES,
): Promise<GitHubEmulator> {
  const github = await startGitHubEmulator(options);
  github.createRepo('acme', 'infra', { files, collaborators: ['alice', 'bob'], teams: ['platform'] });
  return github;
}

/** The production adapter stack (octokit client, OctokitInfraRepo, ChangeService) over `env`. */
export function serviceFor(env: Record<string, string>, settings: ChangesSettings = SETTINGS): ChangeService {
  const runtime = readRuntimeEnv(env);
  return new ChangeService(
    settings,
    infraRepoConnector(runtime, captureLogger().logger, settings.repo, { paceWrites: false, retries: 0 }),
  );
}

export function spec(
  kind: ResourceKind,
  name: string,
  flags: Record<string, string | true> = {},
): ResourceSpec {
  const result = parseResourceSpec(kind, name, flags);
  if (!result.ok) throw new Error(result.error);
  return result.spec;
}

export const REQUESTER = {
  slackName: 'alice',
  slackUserId: 'U0ALICE',
  channelId: 'C0INFRA',
  threadUrl: 'https://acme.slack.com/archives/C0INFRA/p1700000000000100',
};
