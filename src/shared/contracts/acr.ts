// Alibaba Cloud Container Registry EE, API 2018-12-01: ListRepoTag (seed 004) and ListRepository.
import { z } from 'zod';
import {
  ACR_REPO_PAGE_SIZE,
  ACR_REPO_STATUSES,
  ACR_REPO_TYPES,
  ACR_STATUS_WORD,
  ACR_TAG_LIST_LIMIT,
  ACR_TAG_PAGE_SIZE,
  ACR_TAG_SORT_KEYS,
  ACR_TAG_TIME_RANGES,
} from './acr-facts';
import { LIST_SEARCH_LENGTH, NAMESPACES_MAX } from './bff-facts';
import { SORT_DIRS } from './enums';
import { LooseCountSchema, LooseTimeSchema, OFFSET_MAX } from './hss';
import { looseArray, looseFlag, looseString, looseStrings } from './loose';
import {
  checkTimeRanges,
  enumListParam,
  enumParam,
  int64Param,
  intParam,
  textListParam,
  textParam,
} from './params';
// Its page sizes and statuses moved to acr-facts.ts (zod-free); still exported from here.
export * from './acr-facts';

export const AcrInstanceIdSchema = z.string().regex(/^cri-[a-z0-9]{1,64}$/, {
  error: 'must be "cri-" followed by lower-case letters and digits',
});
export const AcrRepoIdSchema = z.string().regex(/^crr-[a-z0-9]{1,64}$/, {
  error: 'must be "crr-" followed by lower-case letters and digits',
});

/** A region id such as cn-hangzhou. */
export const AcrRegionIdSchema = z.string().regex(/^[a-z]{2,}-[a-z0-9-]+$/, {
  error: 'must be a region id such as cn-hangzhou',
});

/** ListRepoTag query (seed 004): InstanceId, RegionId and RepoId are required. */
export const listRepoTagQueryShape = {
  InstanceId: AcrInstanceIdSchema,
  RepoId: AcrRepoIdSchema,
  PageNo: intParam(1, 100_000).optional(),
  PageSize: intParam(ACR_TAG_PAGE_SIZE.min, ACR_TAG_PAGE_SIZE.max).optional(),
  RegionId: AcrRegionIdSchema,
};
export const ListRepoTagQuerySchema = z.strictObject(listRepoTagQueryShape);
export type ListRepoTagQuery = z.infer<typeof ListRepoTagQuerySchema>;

export const listRepositoryQueryShape = {
  InstanceId: AcrInstanceIdSchema,
  RepoNamespaceName: textParam(1, 128).optional(),
  RepoName: textParam(1, 128).optional(),
  RepoStatus: enumParam(ACR_REPO_STATUSES).optional(),
  PageNo: intParam(1, 100_000).optional(),
  PageSize: intParam(ACR_REPO_PAGE_SIZE.min, ACR_REPO_PAGE_SIZE.max).optional(),
  // Sent like ListRepoTag's: the region the instance lives in.
  RegionId: AcrRegionIdSchema,
};
export const ListRepositoryQuerySchema = z.strictObject(listRepositoryQueryShape);
export type ListRepositoryQuery = z.infer<typeof ListRepositoryQuerySchema>;

export const AcrTagSchema = z.object({
  Tag: looseString,
  Digest: looseString,
  ImageId: looseString,
  Status: looseString,
  ImageSize: LooseCountSchema,
  ImageCreate: LooseTimeSchema,
  ImageUpdate: LooseTimeSchema,
});
export type AcrTag = z.infer<typeof AcrTagSchema>;

const looseSuccess = {
  Code: looseString,
  IsSuccess: looseFlag,
  RequestId: looseString,
  PageNo: LooseCountSchema,
  PageSize: LooseCountSchema,
  /** A string in the docs' table, a number in their example: accept both. */
  TotalCount: LooseCountSchema,
};

export const ListRepoTagResponseSchema = z.object({
  ...looseSuccess,
  Images: looseArray(AcrTagSchema),
});
export type ListRepoTagResponse = z.infer<typeof ListRepoTagResponseSchema>;

export const AcrRepositorySchema = z.object({
  ...looseStrings(
    'RepoId RepoName RepoNamespaceName RepoType RepoStatus RepoBuildType Summary InstanceId',
  ),
  CreateTime: LooseTimeSchema,
  ModifiedTime: LooseTimeSchema,
});
export type AcrRepository = z.infer<typeof AcrRepositorySchema>;

export const ListRepositoryResponseSchema = z.object({
  ...looseSuccess,
  Repositories: looseArray(AcrRepositorySchema),
});
export type ListRepositoryResponse = z.infer<typeof ListRepositoryResponseSchema>;

/** Alibaba RPC error body. */
export const AlibabaErrorBodySchema = z.object({
  RequestId: z.string().optional(),
  HostId: z.string().optional(),
  Code: z.string(),
  Message: z.string(),
  Recommend: z.string().optional(),
});
export type AlibabaErrorBody = z.infer<typeof AlibabaErrorBodySchema>;

// ---------------------------------------------------------------------------------------------
// The ACR tags in the inventory (GET /api/acr/tags, /facets, /export.csv): the HSS lists' query
// conventions on the tags' columns. `namespace`, `image_name` (the repository), `image_version`
// (the tag) and `image_digest` are case-insensitive substrings; `namespaces` exact namespaces;
// `instance_id` and `repo_id` exact; `tag_status` and `repo_type` one of several values,
// comma-separated; `start_/end_image_update|image_create` inclusive epoch-ms
// ranges; `q` the lists' search; `sort_key` any column.

const acrTagText = () => textParam(1, 256).optional();
const ACR_STATUSES_RULE = 'must be ACR statuses (upper-case letters, _), comma-separated';
const acrStatusList = () =>
  textListParam(32, 8).refine((list) => list.every((word) => ACR_STATUS_WORD.test(word)), {
    error: ACR_STATUSES_RULE,
  });

export const AcrTagListQuerySchema = z
  .strictObject({
    account: textParam(1, 64).optional(),
    q: textParam(LIST_SEARCH_LENGTH.min, LIST_SEARCH_LENGTH.max).optional(),
    namespace: acrTagText(),
    namespaces: textListParam(128, NAMESPACES_MAX).optional(),
    image_name: acrTagText(),
    image_version: acrTagText(),
    image_digest: acrTagText(),
    instance_id: AcrInstanceIdSchema.optional(),
    repo_id: AcrRepoIdSchema.optional(),
    tag_status: acrStatusList().optional(),
    repo_type: enumListParam(ACR_REPO_TYPES).optional(),
    start_image_update: int64Param().optional(),
    end_image_update: int64Param().optional(),
    start_image_create: int64Param().optional(),
    end_image_create: int64Param().optional(),
    sort_key: enumParam(ACR_TAG_SORT_KEYS).optional(),
    sort_dir: enumParam(SORT_DIRS).optional(),
    offset: intParam(0, OFFSET_MAX).optional(),
    limit: intParam(ACR_TAG_LIST_LIMIT.min, ACR_TAG_LIST_LIMIT.max).optional(),
  })
  .superRefine((value, ctx) => checkTimeRanges(value, ctx, ACR_TAG_TIME_RANGES));
export type AcrTagListQuery = z.infer<typeof AcrTagListQuerySchema>;

/** One tag of the list, as stored (times epoch ms; digest with `sha256:`). */
export const AcrTagListRowSchema = z.object({
  tag_key: z.string(),
  instance_id: z.string(),
  region_id: z.string(),
  repo_id: z.string(),
  namespace: z.string(),
  image_name: z.string(),
  image_version: z.string(),
  image_digest: z.string(),
  image_id: z.string(),
  tag_status: z.string(),
  image_size: z.number(),
  image_create: z.number().nullable(),
  image_update: z.number().nullable(),
  repo_type: z.string(),
  repo_status: z.string(),
  repo_modified_time: z.number().nullable(),
});
export type AcrTagListRow = z.infer<typeof AcrTagListRowSchema>;
