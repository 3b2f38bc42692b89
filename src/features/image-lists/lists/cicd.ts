import { lazyBffSchema } from '../../../lib/lazy-schema';
import type { CicdImageRow } from '../../../shared/contracts';
import {
  CICD_EXPORT_COLUMNS,
  CICD_LIMIT,
  CICD_TIME_RANGES,
  PIPELINE_TYPES,
} from '../../../shared/contracts/facts';
import { enumFilter } from '../filter-definitions';
import { imageListConfig } from '../list-config';
import { cicdImageColumns } from './cicd-columns';

/** CI/CD images (HSS ListCicdImages). */
export const CICD_LIST = imageListConfig<CicdImageRow>({
  list: 'cicd',
  querySchema: lazyBffSchema('CicdImagesListQuerySchema'),
  pageSchema: lazyBffSchema('CicdImagesPageSchema'),
  limitRange: CICD_LIMIT,
  exportColumns: CICD_EXPORT_COLUMNS,
  textParams: ['image_name', 'image_version', 'cicd_name', 'image_id'],
  // The BFF takes one pipeline type (the SDK's own parameter, not extended).
  ownEnum: enumFilter('pipeline_type', 'pipelineType', PIPELINE_TYPES, false),
  timeRanges: CICD_TIME_RANGES,
  columns: cicdImageColumns,
  // CI/CD images have no record id, and image_id may be empty or shared: the BFF's record_key is
  // their key (lists/cicd-record-key.ts).
  getRowId: (image) => image.record_key,
});
