import { AwsError } from './errors.js';
import { paginate } from './pagination.js';
import { coralValidation, type Params } from './params.js';
import type { RequestContext, ServiceDefinition } from './service.js';
import { ciphertextOf, parameterArn, type StoredParameter } from './ssm-state.js';
import type { World } from './world.js';

/**
 * Systems Manager Parameter Store, the part infrabot reads: GetParameter, GetParameters and
 * DescribeParameters (JSON 1.1, `X-Amz-Target: AmazonSSM.<Action>`). Parameters are seeded with
 * `world.ssm.put` (tests, the sandbox); PutParameter and the rest answer as unknown operations.
 */

// SSM's errors carry the bare shape name; GetParameter's ParameterNotFound has no message.
const parameterNotFound = () => new AwsError('ParameterNotFound', '');
const versionNotFound = (selector: string) =>
  new AwsError(
    'ParameterVersionNotFound',
    `Systems Manager could not find version ${selector} of the parameter. Verify the version and try again.`,
  );

interface Resolved {
  parameter: StoredParameter;
  selector?: string;
}

/**
 * A name, or an ARN of this account and region, with an optional `:version` or `:label` selector.
 * Labels are not emulated (none can be attached), so a label selects nothing, as an unknown label
 * does on AWS.
 */
function resolve(world: World, ctx: RequestContext, requested: string): Resolved | 'missing' | 'no-version' {
  let name = requested;
  const arn = /^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):parameter(\/.*)$/.exec(requested);
  if (arn) {
    if (arn[1] !== ctx.region || arn[2] !== ctx.accountId) return 'missing';
    name = arn[3]!;
  }
  let selector: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > 0) {
    selector = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  const scope = { accountId: ctx.accountId, region: ctx.region };
  // An ARN drops the leading "/" of a hierarchical name: parameter/infrabot/X is /infrabot/X.
  const parameter =
    world.ssm.get(scope, name) ??
    (arn && name.startsWith('/') ? world.ssm.get(scope, name.slice(1)) : undefined);
  if (!parameter) return 'missing';
  if (selector === undefined) return { parameter };
  if (!/^\d+$/.test(selector)) return 'missing';
  if (Number(selector) !== parameter.version) return 'no-version';
  return { parameter, selector: `:${selector}` };
}

function view(resolved: Resolved, withDecryption: boolean) {
  const p = resolved.parameter;
  return {
    Name: p.name,
    Type: p.type,
    Value: p.type === 'SecureString' && !withDecryption ? ciphertextOf(p) : p.value,
    Version: p.version,
    ...(resolved.selector ? { Selector: resolved.selector } : {}),
    LastModifiedDate: new Date(p.lastModified),
    ARN: parameterArn(p),
    DataType: p.dataType,
  };
}

function nameIn(params: Params, field: string): string {
  return params.reqStr(field, { minLength: 1, maxLength: 2048 });
}

const FILTER_KEYS = ['Name', 'Type', 'KeyId', 'Tier', 'DataType', 'Path'] as const;

/** One ParameterStringFilter as DescribeParameters applies it. */
function filterOf(f: Params): (p: StoredParameter) => boolean {
  const key = f.reqStr('Key', { minLength: 1, maxLength: 132 });
  const option = f.str('Option', { minLength: 1, maxLength: 10 });
  const values = f.strList('Values', { maxItems: 50 }) ?? [];
  if (key.startsWith('tag:') || key === 'Label') {
    // Tags and labels cannot be seeded in the emulator; refuse loudly rather than match nothing.
    throw new AwsError('InvalidFilterKey', `The emulator does not support the ${key} filter key.`);
  }
  if (!(FILTER_KEYS as readonly string[]).includes(key)) {
    throw new AwsError('InvalidFilterKey', `The following filter key is not valid: ${key}`);
  }
  if (values.length === 0)
    throw new AwsError('InvalidFilterValue', `The filter values for ${key} must not be empty.`);
  const options =
    key === 'Path'
      ? ['Recursive', 'OneLevel']
      : key === 'Name'
        ? ['Equals', 'BeginsWith', 'Contains']
        : ['Equals', 'BeginsWith'];
  const chosen = option ?? (key === 'Path' ? 'OneLevel' : 'Equals');
  if (!options.includes(chosen)) {
    throw new AwsError(
      'InvalidFilterOption',
      `The following filter option is not valid: ${chosen}. Valid options include: [${options.join(', ')}].`,
    );
  }
  const field = (p: StoredParameter): string =>
    key === 'Name'
      ? p.name
      : key === 'Type'
        ? p.type
        : key === 'KeyId'
          ? (p.keyId ?? '')
          : key === 'Tier'
            ? p.tier
            : key === 'DataType'
              ? p.dataType
              : p.name;
  return (p) =>
    values.some((v) => {
      const actual = field(p);
      if (key === 'Path') {
        const path = v.endsWith('/') ? v : `${v}/`;
        if (!actual.startsWith(path)) return false;
        return chosen === 'Recursive' || !actual.slice(path.length).includes('/');
      }
      if (chosen === 'BeginsWith') return actual.startsWith(v);
      if (chosen === 'Contains') return actual.includes(v);
      return actual === v;
    });
}

export function ssmService(world: World): ServiceDefinition {
  return {
    name: 'ssm',
    signingName: 'ssm',
    protocol: 'json1.1',
    targetPrefix: 'AmazonSSM',
    validation: coralValidation,
    throttlingError: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    actions: {
      GetParameter(ctx) {
        const requested = nameIn(ctx.params, 'Name');
        const resolved = resolve(world, ctx, requested);
        if (resolved === 'missing') throw parameterNotFound();
        if (resolved === 'no-version') throw versionNotFound(requested);
        return { Parameter: view(resolved, ctx.params.bool('WithDecryption') ?? false) };
      },

      GetParameters(ctx) {
        const names = ctx.params.strList('Names', { maxItems: 10 });
        if (names === undefined) throw ctx.params.missing('Names');
        if (names.length === 0) {
          throw ctx.params.invalid('Names', names, 'Member must have length greater than or equal to 1');
        }
        for (const [i, n] of names.entries()) {
          if (n.length === 0 || n.length > 2048) {
            throw ctx.params.invalid(`Names.${i + 1}`, n, 'Member must have length between 1 and 2048');
          }
        }
        const withDecryption = ctx.params.bool('WithDecryption') ?? false;
        const found: ReturnType<typeof view>[] = [];
        const invalid: string[] = [];
        for (const n of [...new Set(names)]) {
          const resolved = resolve(world, ctx, n);
          if (typeof resolved === 'string') invalid.push(n);
          else found.push(view(resolved, withDecryption));
        }
        // "The results for GetParameters requests are listed in alphabetical order."
        found.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
        return { Parameters: found, InvalidParameters: invalid };
      },

      DescribeParameters(ctx) {
        if (ctx.params.has('Filters')) {
          // The deprecated ParametersFilter list is not emulated; infrabot uses ParameterFilters.
          throw new AwsError(
            'InvalidFilterKey',
            'The emulator supports ParameterFilters, not the deprecated Filters.',
          );
        }
        if (ctx.params.bool('Shared') === true) {
          throw new AwsError(
            'InvalidFilterOption',
            'The emulator has no parameters shared from other accounts.',
          );
        }
        const filters = (ctx.params.objList('ParameterFilters') ?? []).map(filterOf);
        const maxResults = ctx.params.int('MaxResults', { min: 1, max: 50 }) ?? 10;
        const matching = world.ssm
          .list({ accountId: ctx.accountId, region: ctx.region })
          .filter((p) => filters.every((f) => f(p)));
        const { page, nextToken } = paginate(
          matching,
          ctx.params.str('NextToken'),
          maxResults,
          () => new AwsError('InvalidNextToken', 'The specified token is not valid.'),
        );
        return {
          Parameters: page.map((p) => ({
            Name: p.name,
            ARN: parameterArn(p),
            Type: p.type,
            ...(p.keyId ? { KeyId: p.keyId } : {}),
            LastModifiedDate: new Date(p.lastModified),
            LastModifiedUser: `arn:aws:iam::${p.accountId}:user/emulator`,
            ...(p.description !== undefined ? { Description: p.description } : {}),
            Version: p.version,
            Tier: p.tier,
            Policies: [],
            DataType: p.dataType,
          })),
          ...(nextToken ? { NextToken: nextToken } : {}),
        };
      },
    },
  };
}
