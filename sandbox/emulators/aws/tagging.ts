import { AwsError } from './errors.js';
import { paginate } from './pagination.js';
import { coralValidation } from './params.js';
import type { ServiceDefinition } from './service.js';
import type { TaggableResource, World } from './world.js';

const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message);

/** `service` alone matches every type of that service; `service:type` matches one type. */
function matchesType(resource: TaggableResource, filters: string[]): boolean {
  if (filters.length === 0) return true;
  const [service] = resource.type.split(':');
  return filters.some(
    (f) => f === resource.type || f === service || (resource.type === 'sqs' && f === 'sqs:queue'),
  );
}

/** Resource Groups Tagging API: one view of every tagged resource in the account and region. */
export function taggingService(world: World): ServiceDefinition {
  return {
    name: 'tagging',
    signingName: 'tagging',
    protocol: 'json1.1',
    targetPrefix: 'ResourceGroupsTaggingAPI_20170126',
    validation: coralValidation,
    throttlingError: () => new AwsError('ThrottlingException', 'Rate exceeded'),
    actions: {
      GetResources(ctx) {
        const tagFilters = (ctx.params.objList('TagFilters', { maxItems: 50 }) ?? []).map((f) => ({
          key: f.reqStr('Key', { minLength: 1, maxLength: 128 }),
          values: f.strList('Values', { maxItems: 20 }) ?? [],
        }));
        const typeFilters = ctx.params.strList('ResourceTypeFilters') ?? [];
        for (const f of typeFilters) {
          if (!/^[a-z0-9-]+(:[A-Za-z0-9-]+)?$/.test(f)) {
            throw invalidParameter(
              `${f} is not a valid resource type filter. Use service or service:resourceType.`,
            );
          }
        }
        const arnList = ctx.params.strList('ResourceARNList', { maxItems: 100 });
        if (arnList && (tagFilters.length > 0 || typeFilters.length > 0)) {
          throw invalidParameter(
            'ResourceARNList cannot be combined with TagFilters or ResourceTypeFilters.',
          );
        }
        const perPage = ctx.params.int('ResourcesPerPage', { min: 1, max: 100 }) ?? 100;
        const resources = world
          .taggableResources()
          .filter((r) => r.accountId === ctx.accountId && r.region === ctx.region)
          .filter((r) => Object.keys(r.tags).length > 0)
          .filter((r) => !arnList || arnList.includes(r.arn))
          .filter((r) => matchesType(r, typeFilters))
          .filter((r) =>
            tagFilters.every(
              (f) =>
                Object.hasOwn(r.tags, f.key) && (f.values.length === 0 || f.values.includes(r.tags[f.key]!)),
            ),
          )
          .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
        const { page, nextToken } = paginate(
          resources,
          ctx.params.str('PaginationToken'),
          perPage,
          () =>
            new AwsError(
              'PaginationTokenExpiredException',
              'The pagination token is invalid or has expired.',
            ),
        );
        return {
          PaginationToken: nextToken ?? '',
          ResourceTagMappingList: page.map((r) => ({
            ResourceARN: r.arn,
            Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
          })),
        };
      },
    },
  };
}
