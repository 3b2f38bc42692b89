import { lazySchema } from '../../../lib/lazy-schema';
import type { CicdImageRow } from '../../../shared/contracts';
import {
  CICD_EXPORT_COLUMNS,
  CICD_LIMIT,
  CICD_TIME_RANGES,
  PIPELINE_TYPE_LABELS,
  PIPELINE_TYPES,
} from '../../../shared/contracts/facts';
import { commonFilters, namespaceFilters, textFilters, rangeFilters } from '../filter-definitions';
import { listRoutes, type ListConfig } from '../list-config';
import { cicdImageColumns } from './cicd-columns';

/** CI/CD images (HSS ListCicdImages). */
export const CICD_LIST: ListConfig<CicdImageRow> = {
  list: 'cicd',
  querySchema: lazySchema(
    async () => (await import('../../../shared/contracts/bff')).CicdImagesListQuerySchema,
  ),
  pageSchema: lazySchema(
    async () => (await import('../../../shared/contracts/bff')).CicdImagesPageSchema,
  ),
  limitRange: CICD_LIMIT,
  routes: listRoutes('cicd'),
  exportColumnKeys: CICD_EXPORT_COLUMNS.map((column) => column.key),
  filters: [
    ...namespaceFilters(),
    ...textFilters({
      image_name: 'Image name',
      image_version: 'Tag',
      cicd_name: 'CI/CD name',
      image_id: 'Image id',
    }),
    {
      kind: 'enum',
      param: 'pipeline_type',
      label: 'Pipeline',
      values: PIPELINE_TYPES,
      labels: PIPELINE_TYPE_LABELS,
      // The BFF takes one pipeline type (the SDK's own parameter, not extended).
      multiple: false,
    },
    ...commonFilters(),
    ...rangeFilters(CICD_TIME_RANGES),
  ],
  columns: cicdImageColumns,
  // CI/CD images have no record id, and image_id may be empty or shared: the BFF's record_key is
  // their key (lists/cicd-record-key.ts).
  getRowId: (image) => image.record_key,
  title: 'CI/CD images',
  lead: 'Images HSS scanned inside your Jenkins and CodeArts pipelines (ListCicdImages).',
  errorTitle: 'The CI/CD images could not be loaded',
};
