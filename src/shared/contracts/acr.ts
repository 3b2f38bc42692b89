// Alibaba Cloud Container Registry EE, API 2018-12-01: ListRepoTag (seed 004) and ListRepository.
import { z } from 'zod';
import { ACR_REPO_PAGE_SIZE, ACR_REPO_STATUSES, ACR_TAG_PAGE_SIZE } from './acr-facts';
import { LooseCountSchema, LooseTimeSchema } from './hss';
import { looseArray, looseFlag, looseString, looseStrings } from './loose';
import { enumParam, intParam, textParam } from './params';
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
