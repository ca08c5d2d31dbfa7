import type { EmulatorClock } from './clock.js';
import { AwsError } from './errors.js';
import { parseArn, randomUpper } from './ids.js';
import { queryValidation } from './params.js';
import type { ServiceDefinition } from './service.js';
import type { World } from './world.js';

/** STS: who am I, and temporary credentials for a role (possibly in another account). */
export function stsService(world: World, clock: EmulatorClock): ServiceDefinition {
  return {
    name: 'sts',
    signingName: 'sts',
    protocol: 'query',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    validation: queryValidation,
    throttlingError: () => new AwsError('Throttling', 'Rate exceeded'),
    actions: {
      GetCallerIdentity(ctx) {
        const id = world.identityFor(ctx.accessKeyId);
        return { UserId: id.userId, Account: id.accountId, Arn: id.arn };
      },

      AssumeRole(ctx) {
        const roleArn = ctx.params.reqStr('RoleArn', { minLength: 20, maxLength: 2048 });
        const sessionName = ctx.params.reqStr('RoleSessionName', { minLength: 2, maxLength: 64 });
        if (!/^[\w+=,.@-]+$/.test(sessionName)) {
          throw new AwsError(
            'ValidationError',
            `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
          );
        }
        const duration = ctx.params.int('DurationSeconds') ?? 3600;
        if (duration < 900 || duration > 43_200) {
          throw new AwsError(
            'ValidationError',
            `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
          );
        }
        const externalId = ctx.params.str('ExternalId');
        const arn = parseArn(roleArn);
        if (arn?.service !== 'iam' || !arn.resource.startsWith('role/') || !/^\d{12}$/.test(arn.accountId)) {
          throw new AwsError('ValidationError', `${roleArn} is invalid`);
        }
        const accessKeyId = `ASIA${randomUpper(16)}`;
        // Credentials expire on the wall timeline: the SDK compares Expiration with Date.now().
        const expiresAt = clock.wallNow() + duration * 1000;
        world.registerAssumedRole({
          roleArn,
          sessionName,
          ...(externalId !== undefined ? { externalId } : {}),
          accessKeyId,
          accountId: arn.accountId,
          expiresAt,
          at: clock.now(),
        });
        const roleName = arn.resource.split('/').pop() ?? arn.resource;
        const identity = world.identityFor(accessKeyId);
        return {
          Credentials: {
            AccessKeyId: accessKeyId,
            SecretAccessKey: randomUpper(40),
            SessionToken: `FwoGZXIvYXdzE${randomUpper(120)}`,
            Expiration: new Date(expiresAt),
          },
          AssumedRoleUser: {
            AssumedRoleId: identity.userId,
            Arn: `arn:aws:sts::${arn.accountId}:assumed-role/${roleName}/${sessionName}`,
          },
          PackedPolicySize: 0,
        };
      },
    },
  };
}
