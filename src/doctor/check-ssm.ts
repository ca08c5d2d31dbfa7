import { DescribeParametersCommand, GetParametersCommand, type ParameterMetadata } from '@aws-sdk/client-ssm';
import type { AwsClientFactory } from '../aws/aws-clients.js';
import { isAccessDenied } from '../aws/aws-errors.js';
import { explainError } from '../commands/explain-error.js';
import type { Config } from '../config/schema.js';
import { type CheckResult, fail, pass, skip } from './check.js';

/** The key infra/parameters.tf expects: the execution role may decrypt through it, and only it. */
const AWS_MANAGED_KEY = 'alias/aws/ssm';

/** A path like /infrabot: what Terraform's token_parameter_prefix output prints. */
export const SSM_PREFIX = /^(\/[A-Za-z0-9_.-]+)+$/;

interface TokenSpec {
  name: 'SLACK_BOT_TOKEN' | 'SLACK_APP_TOKEN' | 'GITHUB_TOKEN';
  /** What the value starts with, when Slack fixes it. */
  prefix?: string;
  /** The private file the fix command reads the value from. */
  file: string;
  what: string;
}

const TOKENS: TokenSpec[] = [
  { name: 'SLACK_BOT_TOKEN', prefix: 'xoxb-', file: 'slack-bot-token.txt', what: 'the xoxb-… bot token' },
  {
    name: 'SLACK_APP_TOKEN',
    prefix: 'xapp-',
    file: 'slack-app-token.txt',
    what: 'the xapp-… app-level token',
  },
  { name: 'GITHUB_TOKEN', file: 'github-token.txt', what: 'the GitHub token' },
];

function putCommand(region: string, name: string, token: TokenSpec, overwrite: boolean): string {
  return (
    `aws ssm put-parameter --region ${region} --name ${name} --type SecureString --tier Standard ` +
    `--value file://${token.file}${overwrite ? ' --overwrite' : ''}` +
    `   (${token.file}: a private file holding only ${token.what}; infra/README.md, step 4)`
  );
}

/**
 * The token parameters of a Fargate deployment (infra/parameters.tf), read with the caller's own
 * credentials: exist, SecureString under aws/ssm, not empty, the right kind of Slack token. ECS
 * injects them when a task starts, so a missing one means no task at all. Values are decrypted to
 * be checked, and never printed.
 */
export async function checkSsmParameters(
  prefix: string,
  config: Config | undefined,
  aws: AwsClientFactory,
  region: string,
): Promise<CheckResult[]> {
  if (!SSM_PREFIX.test(prefix)) {
    return [
      fail(
        'ssm parameters',
        `--ssm-prefix ${JSON.stringify(prefix)} is not a parameter path`,
        'pass the path of the token parameters, e.g. --ssm-prefix /infrabot (terraform -chdir=infra output -raw token_parameter_prefix)',
      ),
    ];
  }
  const names = new Map(TOKENS.map((t) => [`${prefix}/${t.name}`, t]));
  let metadata: ParameterMetadata[] = [];
  const values = new Map<string, string>();
  try {
    const { ssm } = await aws.forTarget({ region });
    // DescribeParameters answers "on a best-effort basis": fewer items than asked and a NextToken
    // is a normal answer, so follow the tokens to the end before calling anything absent.
    let nextToken: string | undefined;
    do {
      const page = await ssm.send(
        new DescribeParametersCommand({
          ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [...names.keys()] }],
          MaxResults: 50,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      metadata = [...metadata, ...(page.Parameters ?? [])];
      nextToken = page.NextToken;
    } while (nextToken);
    const present = metadata.map((m) => m.Name).filter((n): n is string => n !== undefined);
    if (present.length > 0) {
      const got = await ssm.send(new GetParametersCommand({ Names: present, WithDecryption: true }));
      for (const p of got.Parameters ?? []) if (p.Name) values.set(p.Name, p.Value ?? '');
    }
  } catch (error) {
    return [
      fail(
        'ssm parameters',
        isAccessDenied(error)
          ? `AWS refused to show the parameters under ${prefix} to these credentials`
          : explainError(error),
        `run doctor with credentials allowed ssm:DescribeParameters and ssm:GetParameters on ${prefix}/* (and to use aws/ssm); the task role has neither, on purpose: only ECS's execution role reads the tokens`,
      ),
    ];
  }

  const githubNeeded = Boolean(config?.changes?.repo);
  return [...names].map(([name, token]) => {
    const label = `ssm ${name}`;
    const meta = metadata.find((m) => m.Name === name);
    if (!meta) {
      if (token.name === 'GITHUB_TOKEN' && !githubNeeded) {
        return skip(
          label,
          'absent, and no changes.repo is configured: fine if Terraform has use_github_token = false (otherwise ECS cannot start the task)',
        );
      }
      return fail(
        label,
        'does not exist: ECS cannot start the task without it (ResourceInitializationError)',
        putCommand(region, name, token, false),
      );
    }
    if (meta.Type !== 'SecureString') {
      return fail(
        label,
        `is a ${meta.Type ?? 'parameter of unknown type'}: the token is stored unencrypted`,
        `aws ssm delete-parameter --region ${region} --name ${name}, then ${putCommand(region, name, token, false)}`,
      );
    }
    if (meta.KeyId !== AWS_MANAGED_KEY) {
      return fail(
        label,
        `is encrypted with ${meta.KeyId ?? 'an unknown key'}: the task's execution role may decrypt only through ${AWS_MANAGED_KEY}`,
        `aws ssm delete-parameter --region ${region} --name ${name}, then ${putCommand(region, name, token, false)}`,
      );
    }
    const value = values.get(name);
    if (value === undefined) {
      return fail(
        label,
        'is listed but its value could not be read',
        `check that these credentials may call ssm:GetParameters on ${name} and use ${AWS_MANAGED_KEY}`,
      );
    }
    if (value.trim() === '') {
      return fail(label, 'is empty (only whitespace)', putCommand(region, name, token, true));
    }
    if (token.prefix && !value.trim().startsWith(token.prefix)) {
      return fail(
        label,
        `does not hold a token starting with ${token.prefix}`,
        putCommand(region, name, token, true),
      );
    }
    const changed = meta.LastModifiedDate ? `, last changed ${meta.LastModifiedDate.toISOString()}` : '';
    const tier = meta.Tier === 'Standard' ? '' : ` (${meta.Tier} tier: billed; Standard is free)`;
    return pass(
      label,
      `SecureString under ${AWS_MANAGED_KEY}, version ${meta.Version ?? '?'}${changed}${tier}`,
    );
  });
}
