import { lazyBffSchema } from '../../../lib/lazy-schema';
import type { RegistryImageRow } from '../../../shared/contracts';
import {
  REGISTRY_EXPORT_COLUMNS,
  REGISTRY_IMAGE_TYPES,
  REGISTRY_LIMIT,
  REGISTRY_TIME_RANGES,
} from '../../../shared/contracts/facts';
import { booleanFilter, enumFilter } from '../filter-definitions';
import { imageListConfig } from '../list-config';
import { registryImageColumns } from './registry-columns';

/** Repository images (HSS ListRegistryImages). */
export const REGISTRY_LIST = imageListConfig<RegistryImageRow>({
  list: 'registry',
  querySchema: lazyBffSchema('RegistryImagesListQuerySchema'),
  pageSchema: lazyBffSchema('RegistryImagesPageSchema'),
  limitRange: REGISTRY_LIMIT,
  exportColumns: REGISTRY_EXPORT_COLUMNS,
  textParams: ['image_name', 'image_version', 'registry_name', 'instance_name', 'instance_id'],
  ownEnum: enumFilter('image_type', 'imageType', REGISTRY_IMAGE_TYPES, true),
  ownBooleans: [booleanFilter('is_multarch')],
  timeRanges: REGISTRY_TIME_RANGES,
  columns: registryImageColumns,
  getRowId: (image) => image.id,
});
