/**
 * A Terraform state in which infrabot's three Secrets Manager secrets already exist.
 *
 * Why: secret ARNs end in a random suffix AWS picks at creation, so in a plan from empty state the
 * task definition and the execution role policy (which reference those ARNs) are "known after
 * apply" and there would be nothing to inspect. Planning against this state is exactly the plan
 * of every deployment after the first, and makes both fully known. Nothing else is seeded: every
 * other resource is planned for creation as in a first apply.
 */

export interface SeededSecret {
  envName: string;
  secretName: string;
  arn: string;
}

export function seededSecrets(opts: {
  namePrefix: string;
  region: string;
  accountId: string;
}): SeededSecret[] {
  const names: Record<string, string> = {
    GITHUB_TOKEN: 'github-token',
    SLACK_APP_TOKEN: 'slack-app-token',
    SLACK_BOT_TOKEN: 'slack-bot-token',
  };
  return Object.entries(names).map(([envName, suffix], i) => {
    const secretName = `${opts.namePrefix}/${suffix}`;
    return {
      envName,
      secretName,
      arn: `arn:aws:secretsmanager:${opts.region}:${opts.accountId}:secret:${secretName}-Ab12C${i}`,
    };
  });
}

export function stateWithSecrets(secrets: SeededSecret[], terraformVersion: string): object {
  return {
    version: 4,
    terraform_version: terraformVersion,
    serial: 1,
    lineage: '6d5b0a53-2c1e-4a7e-9a55-0b6f8a3f7c11',
    outputs: {},
    resources: [
      {
        mode: 'managed',
        type: 'aws_secretsmanager_secret',
        name: 'token',
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: secrets.map((s) => ({
          index_key: s.envName,
          schema_version: 0,
          attributes: {
            id: s.arn,
            arn: s.arn,
            name: s.secretName,
            name_prefix: '',
            description: `infrabot ${s.envName} (injected into the task as the ${s.envName} environment variable).`,
            recovery_window_in_days: 7,
            force_overwrite_replica_secret: false,
            kms_key_id: '',
            policy: '',
            replica: [],
            tags: null,
            tags_all: { Application: 'infrabot', ManagedBy: 'terraform' },
          },
        })),
      },
    ],
    check_results: null,
  };
}
