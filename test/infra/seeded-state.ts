/**
 * A Terraform state in which infrabot's one Secrets Manager secret (the tokens JSON) already
 * exists.
 *
 * Why: secret ARNs end in a random suffix AWS picks at creation, so in a plan from empty state the
 * task definition and the execution role policy (which reference that ARN) are "known after
 * apply" and there would be nothing to inspect. Planning against this state is exactly the plan
 * of every deployment after the first, and makes both fully known. Nothing else is seeded: every
 * other resource is planned for creation as in a first apply.
 */

export interface SeededSecret {
  secretName: string;
  arn: string;
}

/** The JSON keys the deployment promises, each injected as the environment variable of that name. */
export const TOKEN_KEYS = ['GITHUB_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_BOT_TOKEN'] as const;

export function seededSecret(opts: { namePrefix: string; region: string; accountId: string }): SeededSecret {
  const secretName = `${opts.namePrefix}/tokens`;
  return {
    secretName,
    arn: `arn:aws:secretsmanager:${opts.region}:${opts.accountId}:secret:${secretName}-Ab12C3`,
  };
}

export function stateWithSecret(secret: SeededSecret, terraformVersion: string): object {
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
        name: 'tokens',
        provider: 'provider["registry.terraform.io/hashicorp/aws"]',
        instances: [
          {
            schema_version: 0,
            attributes: {
              id: secret.arn,
              arn: secret.arn,
              name: secret.secretName,
              name_prefix: '',
              // Must equal the configured description, or the plan shows an update, not a no-op.
              description: `infrabot's tokens as one JSON object with the keys ${TOKEN_KEYS.join(', ')}; each is injected into the task as the environment variable of the same name.`,
              recovery_window_in_days: 7,
              force_overwrite_replica_secret: false,
              kms_key_id: '',
              policy: '',
              replica: [],
              tags: null,
              tags_all: { Application: 'infrabot', ManagedBy: 'terraform' },
            },
          },
        ],
      },
    ],
    check_results: null,
  };
}
