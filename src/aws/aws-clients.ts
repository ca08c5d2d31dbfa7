import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECSClient } from '@aws-sdk/client-ecs';
import { RDSClient } from '@aws-sdk/client-rds';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';

/** The SDK clients for one account and region. Endpoints come from AWS_ENDPOINT_URL(_<SERVICE>) as the SDK reads them. */
export interface AwsClients {
  region: string;
  ecs: ECSClient;
  autoscaling: ApplicationAutoScalingClient;
  rds: RDSClient;
  cloudwatch: CloudWatchClient;
  tagging: ResourceGroupsTaggingAPIClient;
}

export interface AwsTarget {
  region: string;
  roleArn?: string;
  externalId?: string;
}

/**
 * Builds (and caches) clients per region and role. A role in another account is assumed with
 * STS and refreshed five minutes before it expires; the session name carries "infrabot" so
 * CloudTrail shows who acted.
 */
export class AwsClientFactory {
  private readonly cache = new Map<string, AwsClients>();

  /**
   * `endpoint` sends every client (STS included) to one URL, e.g. the AWS emulator in tests;
   * without it the SDK honours AWS_ENDPOINT_URL(_<SERVICE>) by itself.
   */
  constructor(private readonly options: { maxAttempts?: number; endpoint?: string } = {}) {}

  forTarget(target: AwsTarget): AwsClients {
    const key = `${target.region}|${target.roleArn ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const credentials = target.roleArn ? assumedRole(target, this.options.endpoint) : undefined;
    const config = {
      region: target.region,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      ...(this.options.maxAttempts ? { maxAttempts: this.options.maxAttempts } : {}),
    };
    const clients: AwsClients = {
      region: target.region,
      ecs: new ECSClient(config),
      autoscaling: new ApplicationAutoScalingClient(config),
      rds: new RDSClient(config),
      cloudwatch: new CloudWatchClient(config),
      tagging: new ResourceGroupsTaggingAPIClient(config),
    };
    this.cache.set(key, clients);
    return clients;
  }
}

function assumedRole(target: AwsTarget, endpoint: string | undefined): AwsCredentialIdentityProvider {
  const sts = new STSClient({ region: target.region, ...(endpoint ? { endpoint } : {}) });
  let current: AwsCredentialIdentity | undefined;
  return async () => {
    if (current?.expiration && current.expiration.getTime() - Date.now() > 5 * 60_000) return current;
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: target.roleArn,
        RoleSessionName: 'infrabot',
        DurationSeconds: 3600,
        ...(target.externalId ? { ExternalId: target.externalId } : {}),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey)
      throw new Error(`STS returned no credentials for ${target.roleArn}`);
    current = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
    return current;
  };
}
