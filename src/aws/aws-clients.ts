import type { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { RuntimeEnv } from '../runtime-env.js';

/** The SDK clients for one account and region. Endpoints come from AWS_ENDPOINT_URL(_<SERVICE>) as the SDK reads them. */
export interface AwsClients {
  region: string;
  ecs: ECSClient;
  autoscaling: ApplicationAutoScalingClient;
  rds: RDSClient;
  cloudwatch: CloudWatchClient;
  tagging: ResourceGroupsTaggingAPIClient;
  /** Parameter Store: only `infrabot doctor --ssm-prefix` reads it (the tokens' parameters). */
  ssm: SSMClient;
  /** Logs Insights for incident errors; loaded on first use (see `logs()`), not with the rest. */
  logs: () => Promise<CloudWatchLogsClient>;
}

/**
 * The factory settings the runtime environment (readRuntimeEnv of the process's, or of the one a
 * test or the sandbox passes to serve()) asks for: AWS_ENDPOINT_URL and static keys when present;
 * else the SDK's defaults. Passing them explicitly is what lets the sandbox point every client at
 * its emulator without touching the process environment.
 */
export function awsFactoryFromEnv(
  env: Partial<
    Pick<RuntimeEnv, 'AWS_ENDPOINT_URL' | 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY' | 'AWS_SESSION_TOKEN'>
  >,
): AwsClientFactory {
  const endpoint = env.AWS_ENDPOINT_URL;
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  return new AwsClientFactory({
    ...(endpoint ? { endpoint } : {}),
    ...(accessKeyId && secretAccessKey
      ? {
          credentials: {
            accessKeyId,
            secretAccessKey,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
  });
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
  private readonly cache = new Map<string, Promise<AwsClients>>();

  /**
   * `endpoint` sends every client (STS included) to one URL, e.g. the AWS emulator in tests;
   * without it the SDK honours AWS_ENDPOINT_URL(_<SERVICE>) by itself.
   */
  constructor(
    private readonly options: {
      maxAttempts?: number;
      endpoint?: string;
      /** Base credentials; without them the SDK's default chain (env, profile, task role). */
      credentials?: AwsCredentialIdentity;
    } = {},
  ) {}

  /**
   * The SDK is loaded on first use, not at start-up: it is half of the bot's start-up time and
   * only AWS-touching commands need it.
   */
  forTarget(target: AwsTarget): Promise<AwsClients> {
    const key = `${target.region}|${target.roleArn ?? ''}`;
    let clients = this.cache.get(key);
    if (!clients) {
      clients = this.build(target);
      this.cache.set(key, clients);
      // A failed load must not stick in the cache.
      clients.catch(() => this.cache.delete(key));
    }
    return clients;
  }

  /** An SQS client in infrabot's own account (the alarm queue); loaded only by the alarm consumer. */
  async sqs(region: string): Promise<SQSClient> {
    const { SQSClient } = await import('@aws-sdk/client-sqs');
    return new SQSClient(this.clientConfig({ region }));
  }

  private clientConfig(target: AwsTarget) {
    const credentials = target.roleArn
      ? assumedRole(target, this.options.endpoint, this.options.credentials)
      : this.options.credentials;
    return {
      region: target.region,
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      // One attempt per SDK call: infrabot retries throttling itself (aws/rate-limit.ts), with a
      // bounded total time and progress that says so. Both retrying multiplied the requests.
      maxAttempts: this.options.maxAttempts ?? 1,
    };
  }

  private async build(target: AwsTarget): Promise<AwsClients> {
    const [
      { ECSClient },
      { ApplicationAutoScalingClient },
      { RDSClient },
      { CloudWatchClient },
      { ResourceGroupsTaggingAPIClient },
      { SSMClient },
    ] = await Promise.all([
      import('@aws-sdk/client-ecs'),
      import('@aws-sdk/client-application-auto-scaling'),
      import('@aws-sdk/client-rds'),
      import('@aws-sdk/client-cloudwatch'),
      import('@aws-sdk/client-resource-groups-tagging-api'),
      import('@aws-sdk/client-ssm'),
    ]);
    const config = this.clientConfig(target);
    let logs: Promise<CloudWatchLogsClient> | undefined;
    return {
      region: target.region,
      // Only "Show errors" needs it: loading it with the others would slow every first command.
      logs: () => {
        logs ??= import('@aws-sdk/client-cloudwatch-logs').then((m) => new m.CloudWatchLogsClient(config));
        logs.catch(() => {
          logs = undefined;
        });
        return logs;
      },
      ecs: new ECSClient(config),
      autoscaling: new ApplicationAutoScalingClient(config),
      rds: new RDSClient(config),
      cloudwatch: new CloudWatchClient(config),
      tagging: new ResourceGroupsTaggingAPIClient(config),
      ssm: new SSMClient(config),
    };
  }
}

function assumedRole(
  target: AwsTarget,
  endpoint: string | undefined,
  base: AwsCredentialIdentity | undefined,
): AwsCredentialIdentityProvider {
  let current: AwsCredentialIdentity | undefined;
  return async () => {
    if (current?.expiration && current.expiration.getTime() - Date.now() > 5 * 60_000) return current;
    const { AssumeRoleCommand, STSClient } = await import('@aws-sdk/client-sts');
    const sts = new STSClient({
      region: target.region,
      // The calls that need these credentials are retried by infrabot's policy; don't multiply it.
      maxAttempts: 1,
      ...(endpoint ? { endpoint } : {}),
      ...(base ? { credentials: base } : {}),
    });
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
