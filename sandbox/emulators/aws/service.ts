import type { AwsError } from './errors.js';
import type { Params, ValidationErrors } from './params.js';

export type AwsServiceName =
  | 'ecs'
  | 'application-autoscaling'
  | 'rds'
  | 'cloudwatch'
  | 'sqs'
  | 'tagging'
  | 'ssm'
  | 'sts'
  | 'logs';

/** The wire protocols of the installed SDK clients (checked against their dist-cjs). */
export type WireProtocol = 'json1.0' | 'json1.1' | 'query';

export interface RequestContext {
  accountId: string;
  region: string;
  accessKeyId: string;
  requestId: string;
  params: Params;
  /** Aborted when the client goes away or the emulator closes (ends SQS long polls early). */
  signal: AbortSignal;
}

/** Returns the operation's output: a JSON object, or for Query services the `<Action>Result` content. */
export type ActionHandler = (ctx: RequestContext) => unknown;

export interface ServiceDefinition {
  name: AwsServiceName;
  /** The service in the SigV4 credential scope, which is how requests are routed. */
  signingName: string;
  protocol: WireProtocol;
  /** JSON protocols: `X-Amz-Target` is `<targetPrefix>.<Action>`. */
  targetPrefix?: string;
  /** JSON 1.0 query-compatible services qualify `__type` with this namespace, as AWS does. */
  jsonNamespace?: string;
  /** Also send `x-amzn-query-error: <queryCode>;<Sender|Receiver>` (SQS and CloudWatch). */
  queryCompatible?: boolean;
  /** Query protocol: the XML namespace of responses. */
  xmlNamespace?: string;
  validation: ValidationErrors;
  throttlingError(): AwsError;
  actions: Record<string, ActionHandler>;
}

export function findAction(service: ServiceDefinition, action: string): ActionHandler | undefined {
  return Object.hasOwn(service.actions, action) ? service.actions[action] : undefined;
}
