// The risk overview: GET /api/hss/risk-summary (counts and top lists from the inventory) and
// GET /api/hss/risk-history (daily snapshots of the same aggregates). Every count carries the
// list filter that selects exactly those images, so a chart segment links to the explorer and the
// explorer's total_num equals the segment's count (the BFF computes both with the same SQL).
import { z } from 'zod';
import {
  CicdImagesListQuerySchema,
  IMAGE_LISTS,
  RegistryImagesListQuerySchema,
  type CicdImagesListQuery,
  type RegistryImagesListQuery,
} from './bff';
import { CICD_TIME_RANGES, REGISTRY_TIME_RANGES } from './hss';
import { RISK_HISTORY_RANGES } from './risk-facts';
import { checkTimeRanges, enumParam, textParam } from './params';
// Its orders, labels and history ranges moved to risk-facts.ts (zod-free); still exported from here.
export * from './risk-facts';

/** Paging and order mean nothing to a summary: the list query minus these. */
const PAGING_KEYS = ['offset', 'limit', 'sort_key', 'sort_dir'] as const;

function withoutPaging<T extends Record<string, z.ZodType>>(
  shape: T,
): Omit<T, (typeof PAGING_KEYS)[number]> {
  const out: Record<string, z.ZodType> = { ...shape };
  for (const key of PAGING_KEYS) delete out[key];
  return out as Omit<T, (typeof PAGING_KEYS)[number]>;
}

export const RiskKindSchema = enumParam(IMAGE_LISTS);

/** `kind=registry` (default) plus any repository-image list filter. */
export const RegistryRiskSummaryQuerySchema = z
  .strictObject({
    kind: z.literal('registry', { error: 'must be registry or cicd' }).optional(),
    ...withoutPaging(RegistryImagesListQuerySchema.shape),
  })
  .superRefine((value, ctx) => checkTimeRanges(value, ctx, REGISTRY_TIME_RANGES));
export type RegistryRiskSummaryQuery = z.infer<typeof RegistryRiskSummaryQuerySchema>;

/** `kind=cicd` plus any CI/CD-image list filter. */
export const CicdRiskSummaryQuerySchema = z
  .strictObject({
    kind: z.literal('cicd', { error: 'must be registry or cicd' }),
    ...withoutPaging(CicdImagesListQuerySchema.shape),
  })
  .superRefine((value, ctx) => checkTimeRanges(value, ctx, CICD_TIME_RANGES));
export type CicdRiskSummaryQuery = z.infer<typeof CicdRiskSummaryQuerySchema>;

// Compile-time proof that a summary query is a list query (the inventory reuses the list's WHERE).
type Extends<Narrow, Wide> = [Narrow] extends [Wide] ? true : false;
const _registryIsList: Extends<
  Omit<RegistryRiskSummaryQuery, 'kind'>,
  RegistryImagesListQuery
> = true;
const _cicdIsList: Extends<Omit<CicdRiskSummaryQuery, 'kind'>, CicdImagesListQuery> = true;
void _registryIsList;
void _cicdIsList;

/** The explorer filter (list query parameters as strings) that selects a segment's images. */
export const SegmentFilterSchema = z.record(z.string(), z.string());
export type SegmentFilter = z.infer<typeof SegmentFilterSchema>;

export const RiskBucketSchema = z.object({
  /** The grouped value (a severity level, a scan status, a registry name ...). */
  value: z.string(),
  count: z.number(),
  /** Added to the summary's own filters, it lists exactly `count` images. */
  filter: SegmentFilterSchema,
});
export type RiskBucket = z.infer<typeof RiskBucketSchema>;

export const TopImageSchema = z.object({
  /** The explorer's `image` key: record `id` (repository images) or `record_key` (CI/CD). */
  key: z.string(),
  namespace: z.string(),
  image_name: z.string(),
  image_version: z.string(),
  vul_num: z.number(),
  malicious_file_num: z.number(),
  unsafe_setting_num: z.number(),
  severity_level: z.string(),
  filter: SegmentFilterSchema,
});
export type TopImage = z.infer<typeof TopImageSchema>;

/** Which list and which account a risk answer covers (summaries and history alike). */
const riskScopeShape = { kind: z.enum(IMAGE_LISTS), account: z.string() };

export const RiskSummarySchema = z.object({
  ...riskScopeShape,
  /** The filters the summary was computed under (the request's, as strings). */
  filters: SegmentFilterSchema,
  total_num: z.number(),
  /** Epoch ms the summary was computed at; scan ages are measured from it. */
  generated_at: z.number(),
  /** Epoch ms of the list's last successful sync (the data's age), null before the first. */
  synced_at: z.number().nullable(),
  severity: z.array(RiskBucketSchema),
  scan_status: z.array(RiskBucketSchema),
  risk_types: z.array(RiskBucketSchema),
  /** Which field `image_types` groups by: image_type (repository) or pipeline_type (CI/CD). */
  image_type_field: z.enum(['image_type', 'pipeline_type']),
  image_types: z.array(RiskBucketSchema),
  /** Which field `registries` groups by: registry_name (repository) or cicd_name (CI/CD). */
  registry_field: z.enum(['registry_name', 'cicd_name']),
  /** The 10 largest, most images first. A name filter is a substring match, so counts use it too. */
  registries: z.array(RiskBucketSchema),
  scan_age: z.array(RiskBucketSchema),
  top_images: z.array(TopImageSchema),
  /** The 10 namespaces with the most images that have vulnerabilities. */
  top_namespaces: z.array(RiskBucketSchema),
});
export type RiskSummary = z.infer<typeof RiskSummarySchema>;

// ---------------------------------------------------------------------------------------------
// History: one snapshot per account, kind and UTC day (the last sync of the day wins), kept
// RISK_HISTORY_RETENTION_DAYS days. History covers the whole list: it takes no image filter.

export const RiskHistoryQuerySchema = z.strictObject({
  kind: RiskKindSchema.optional(),
  days: enumParam(RISK_HISTORY_RANGES).optional(),
  account: textParam(1, 64).optional(),
});
export type RiskHistoryQuery = z.infer<typeof RiskHistoryQuerySchema>;

/** The aggregates a snapshot keeps (all image counts). */
export const RiskSnapshotCountsSchema = z.object({
  total: z.number(),
  high: z.number(),
  medium: z.number(),
  low: z.number(),
  security: z.number(),
  unrated: z.number(),
  /** Images with no scan time at all. */
  never_scanned: z.number(),
  has_vul: z.number(),
  has_malicious_file: z.number(),
  has_unsafe_setting: z.number(),
  risky: z.number(),
});
export type RiskSnapshotCounts = z.infer<typeof RiskSnapshotCountsSchema>;

export const RiskHistoryPointSchema = RiskSnapshotCountsSchema.extend({
  /** UTC day, YYYY-MM-DD. */
  day: z.string(),
  /** True when reconstructed from image times (demo back-fill) rather than recorded after a sync. */
  reconstructed: z.boolean(),
});
export type RiskHistoryPoint = z.infer<typeof RiskHistoryPointSchema>;

export const RiskHistorySchema = z.object({
  ...riskScopeShape,
  days: z.number(),
  /** Oldest first; days without a snapshot are absent (no sync ran that day). */
  points: z.array(RiskHistoryPointSchema),
});
export type RiskHistory = z.infer<typeof RiskHistorySchema>;
