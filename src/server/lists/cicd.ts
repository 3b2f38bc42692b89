// CI/CD images (ListCicdImages): the list's description. Rows are keyed by `record_key`
// (cicd-record-key.ts): the records have no id, and their image_id may be empty or shared.
import { sql } from 'kysely';
import {
  CICD_SORT_KEYS,
  API_ROUTES,
  CICD_EXPORT_COLUMNS,
  CICD_LIMIT,
  CicdImagesExportQuerySchema,
  CicdChangesQuerySchema,
  CicdImagesListQuerySchema,
  ImageIdPathSchema,
  PIPELINE_TYPES,
  SCAN_STATUSES_IN_ORDER,
  CicdImageSchema,
  CicdRiskSummaryQuerySchema,
  type CicdImage,
  type CicdImageRow,
  type CicdImagesListQuery,
} from '../../shared/contracts';
import { IMAGE_TIME_COLUMNS, CICD_IMAGE_COLUMNS, type CicdImagesTable } from '../store/tables';
import { answerRow } from './answer-row';
import { cicdRecordKey } from './cicd-record-key';
import { countFlags, enumDimension, latestVersion, severity } from './facets';
import type { ListSpec } from './spec';

function toRow(account: string, image: CicdImage, seenAt: number): CicdImagesTable {
  return {
    account,
    record_key: cicdRecordKey(image),
    ...image,
    latest_version: image.latest_version ? 1 : 0,
    seen_at: seenAt,
  };
}

/** The answer's row: every column but account and seen_at, latest_version as a boolean. */
const ANSWER_ROW = answerRow<CicdImageRow>({
  columns: CICD_IMAGE_COLUMNS,
  timeColumns: IMAGE_TIME_COLUMNS,
  hidden: ['account', 'seen_at'],
  flags: ['latest_version'],
});

export const CICD_LIST: ListSpec<CicdImagesListQuery, CicdImage, CicdImageRow> = {
  name: 'cicd',
  provider: 'huawei',
  label: 'CI/CD image',
  recordSchema: CicdImageSchema,
  api: 'hss.ListCicdImages',
  fetchPage: (client, query, options) => client.listCicdImages(query, options),
  // No sync time upstream.
  watermarkFields: ['latest_update_time', 'latest_scan_time'],
  // A pipeline's images: namespace, name and registry.
  supersedeKey: ['namespace', 'image_name', 'registry_name'],

  table: 'cicd_images',
  columns: CICD_IMAGE_COLUMNS,
  timeColumns: IMAGE_TIME_COLUMNS,
  key: 'record_key',
  toRow,
  fromRow: ANSWER_ROW.fromRow,
  sqliteRowJson: ANSWER_ROW.sqliteJson,
  // A link made before rows had record keys names an image_id.
  fallbackKey: 'image_id',

  querySchema: CicdImagesListQuerySchema,
  defaultLimit: CICD_LIMIT.default,
  ownFilters: {
    contains: ['cicd_name'],
    equals: ['image_id'],
    oneOf: ['pipeline_type'],
    flags: {},
  },
  timeFields: ['latest_update_time', 'latest_scan_time'],
  // Records may share an image_id: ties by image_id, then record_key.
  sortKeys: CICD_SORT_KEYS,
  tieBreakKey: 'image_id',
  tieBreak: (plus, dir) => sql`${plus}image_id ${dir}, ${plus}record_key ${dir}`,

  facetDimensions: [
    enumDimension('scan_status', 'scan_status', SCAN_STATUSES_IN_ORDER),
    severity,
    enumDimension('pipeline_type', 'pipeline_type', PIPELINE_TYPES),
    latestVersion,
    ...countFlags,
  ],
  topFacetFields: ['namespace'],

  risk: {
    querySchema: CicdRiskSummaryQuerySchema,
    typeField: 'pipeline_type',
    typeValues: PIPELINE_TYPES,
    registryField: 'cicd_name',
    summaryColumns: ['pipeline_type', 'latest_version'],
    // The exact image_id filter (records may share one; the `image` key opens the one meant).
    topImageFilter: (row) => ({ image_id: row.image_id, image: row.key }),
  },

  changesSchema: CicdChangesQuerySchema,

  exportSchema: CicdImagesExportQuerySchema,
  exportColumns: CICD_EXPORT_COLUMNS,

  search: {
    source: 'hss_cicd',
    locationFields: [
      'record_key',
      'cicd_name',
      'pipeline_type',
      'namespace',
      'image_name',
      'image_version',
      'image_id',
    ],
    scanned: true,
  },

  syncedAt: ({ sync }, account) => Promise.resolve(sync.syncedAt(account, 'cicd')),

  routes: {
    list: API_ROUTES.cicdImages,
    facets: API_ROUTES.cicdImagesFacets,
    export: API_ROUTES.cicdImagesExport,
    byId: API_ROUTES.cicdImage,
  },
  // A record key (or, from an older link, an image_id): both fit the image id alphabet.
  byIdParam: { name: 'record_key', schema: ImageIdPathSchema },
};
