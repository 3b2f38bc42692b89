// Repository images (ListRegistryImages): the list's description. Rows are keyed by the
// upstream's record id; multi-architecture families (multi-arch.ts) are this list's own.
import { sql } from 'kysely';
import {
  REGISTRY_SORT_KEYS,
  API_ROUTES,
  REGISTRY_EXPORT_COLUMNS,
  REGISTRY_IMAGE_TYPES,
  REGISTRY_LIMIT,
  REGISTRY_TYPES,
  RegistryImageIdPathSchema,
  RegistryImagesExportQuerySchema,
  RegistryChangesQuerySchema,
  RegistryImagesListQuerySchema,
  SCAN_STATUSES_IN_ORDER,
  RegistryImageSchema,
  RegistryRiskSummaryQuerySchema,
  type RegistryImage,
  type RegistryImagesListQuery,
  type SegmentFilter,
} from '../../shared/contracts';
import {
  IMAGE_TIME_COLUMNS,
  REGISTRY_IMAGE_COLUMNS,
  type RegistryImagesTable,
} from '../store/tables';
import { countFlags, enumDimension, flagDimension, latestVersion, severity } from './facets';
import {
  multiArchExportColumns,
  parseAssociations,
  refreshAssociatedCopies,
  withMultiArch,
  familyReads,
  familyReadsOfPageRows,
  FAMILY_COLUMNS,
  FAMILY_WARM_UP,
  pageFamily,
  sqliteFamilyColumns,
} from './multi-arch';
import { answerRow } from './answer-row';
import type { ListSpec } from './spec';

function toRow(account: string, image: RegistryImage, seenAt: number): RegistryImagesTable {
  return {
    account,
    ...image,
    latest_version: image.latest_version ? 1 : 0,
    scannable: image.scannable ? 1 : 0,
    is_multiple_arch: image.is_multiple_arch ? 1 : 0,
    association_images: JSON.stringify(image.association_images),
    seen_at: seenAt,
  };
}

/** The answer's row: every column but account and seen_at, flags as booleans, members parsed. */
const ANSWER_ROW = answerRow<RegistryImage>({
  columns: REGISTRY_IMAGE_COLUMNS,
  timeColumns: IMAGE_TIME_COLUMNS,
  hidden: ['account', 'seen_at'],
  flags: ['latest_version', 'scannable', 'is_multiple_arch'],
  lists: { association_images: parseAssociations },
});

/** A top risky image is narrowed by name and tag (each only when it fits its filter). */
function topImageFilter(row: {
  key: string;
  namespace: string;
  image_name: string;
  image_version: string;
}): SegmentFilter {
  const filter: SegmentFilter = { image: row.key };
  if (row.namespace !== '' && row.namespace.length <= 128) filter.namespace = row.namespace;
  if (row.image_name !== '' && row.image_name.length <= 128) filter.image_name = row.image_name;
  if (row.image_version !== '' && row.image_version.length <= 64)
    filter.image_version = row.image_version;
  return filter;
}

export const REGISTRY_LIST: ListSpec<RegistryImagesListQuery, RegistryImage, RegistryImage> = {
  name: 'registry',
  provider: 'huawei',
  label: 'Repository image',
  recordSchema: RegistryImageSchema,
  api: 'hss.ListRegistryImages',
  fetchPage: (client, query, options) => client.listRegistryImages(query, options),
  watermarkFields: ['latest_update_time', 'latest_scan_time', 'latest_sync_time'],
  supersedeKey: ['namespace', 'image_name', 'registry_id'],

  table: 'registry_images',
  columns: REGISTRY_IMAGE_COLUMNS,
  timeColumns: IMAGE_TIME_COLUMNS,
  key: 'id',
  toRow,
  fromRow: ANSWER_ROW.fromRow,
  sqliteRowJson: ANSWER_ROW.sqliteJson,

  querySchema: RegistryImagesListQuerySchema,
  defaultLimit: REGISTRY_LIMIT.default,
  ownFilters: {
    contains: ['registry_name', 'instance_name'],
    equals: ['instance_id'],
    oneOf: ['image_type'],
    flags: { is_multarch: 'is_multiple_arch' },
  },
  timeFields: ['latest_update_time', 'latest_scan_time', 'latest_sync_time'],
  // ids are decimal strings: numeric order is (length, text) for non-negative values.
  sortKeys: REGISTRY_SORT_KEYS,
  tieBreakKey: 'id',
  tieBreak: (plus, dir) => sql`${plus}length(id) ${dir}, ${plus}id ${dir}`,

  facetDimensions: [
    enumDimension('image_type', 'image_type', REGISTRY_IMAGE_TYPES),
    enumDimension('scan_status', 'scan_status', SCAN_STATUSES_IN_ORDER),
    severity,
    // Not a list filter, but a facet (it has no query parameter, so never filters).
    enumDimension('registry_type', 'registry_type', REGISTRY_TYPES),
    latestVersion,
    flagDimension('is_multarch', 'is_multiple_arch'),
    ...countFlags,
  ],
  topFacetFields: ['namespace', 'registry_name'],

  risk: {
    querySchema: RegistryRiskSummaryQuerySchema,
    typeField: 'image_type',
    typeValues: REGISTRY_IMAGE_TYPES,
    registryField: 'registry_name',
    summaryColumns: ['image_type', 'registry_type', 'latest_version', 'is_multiple_arch'],
    topImageFilter,
  },

  changesSchema: RegistryChangesQuerySchema,

  exportSchema: RegistryImagesExportQuerySchema,
  exportColumns: REGISTRY_EXPORT_COLUMNS,

  search: {
    source: 'hss_registry',
    locationFields: [
      'id',
      'registry_name',
      'instance_name',
      'instance_id',
      'namespace',
      'image_name',
      'image_version',
      'image_id',
    ],
    scanned: true,
  },

  syncedAt: ({ sync }, account) => Promise.resolve(sync.syncedAt(account, 'registry')),

  routes: {
    list: API_ROUTES.registryImages,
    facets: API_ROUTES.registryImagesFacets,
    export: API_ROUTES.registryImagesExport,
    byId: API_ROUTES.registryImage,
  },
  byIdParam: { name: 'id', schema: RegistryImageIdPathSchema },

  families: {
    decorate: (db, account, rows) => withMultiArch(db, account, rows),
    pageReads: familyReads,
    pageColumns: FAMILY_COLUMNS,
    sqliteWarmUp: FAMILY_WARM_UP,
    sqlitePageColumns: { columns: sqliteFamilyColumns, reads: familyReadsOfPageRows },
    pageFamily,
    refreshCopies: refreshAssociatedCopies,
    exportColumns: multiArchExportColumns,
  },
};
