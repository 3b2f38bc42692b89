import { lazySchema } from '../../../lib/lazy-schema';
import type { RegistryImageRow } from '../../../shared/contracts';
import {
  REGISTRY_EXPORT_COLUMNS,
  REGISTRY_IMAGE_TYPE_LABELS,
  REGISTRY_IMAGE_TYPES,
  REGISTRY_LIMIT,
  REGISTRY_TIME_RANGES,
} from '../../../shared/contracts/facts';
import { commonFilters, namespaceFilters, textFilters, rangeFilters } from '../filter-definitions';
import { listRoutes, type ListConfig } from '../list-config';
import { registryImageColumns } from './registry-columns';

/** Repository images (HSS ListRegistryImages). */
export const REGISTRY_LIST: ListConfig<RegistryImageRow> = {
  list: 'registry',
  querySchema: lazySchema(
    async () => (await import('../../../shared/contracts/bff')).RegistryImagesListQuerySchema,
  ),
  pageSchema: lazySchema(
    async () => (await import('../../../shared/contracts/bff')).RegistryImagesPageSchema,
  ),
  limitRange: REGISTRY_LIMIT,
  routes: listRoutes('registry'),
  exportColumnKeys: REGISTRY_EXPORT_COLUMNS.map((column) => column.key),
  filters: [
    ...namespaceFilters(),
    ...textFilters({
      image_name: 'Image name',
      image_version: 'Tag',
      registry_name: 'Registry name',
      instance_name: 'Enterprise instance name',
      instance_id: 'Enterprise instance id',
    }),
    {
      kind: 'enum',
      param: 'image_type',
      label: 'Image type',
      values: REGISTRY_IMAGE_TYPES,
      labels: REGISTRY_IMAGE_TYPE_LABELS,
      multiple: true,
    },
    ...commonFilters({
      kind: 'boolean',
      param: 'is_multarch',
      label: 'Multi-architecture',
      yes: 'Multi-architecture',
      no: 'Single architecture',
    }),
    ...rangeFilters(REGISTRY_TIME_RANGES),
  ],
  columns: registryImageColumns,
  getRowId: (image) => image.id,
  title: 'Repository images',
  lead: 'Images in your SWR, enterprise, Harbor and JFrog repositories, as HSS scanned them (ListRegistryImages).',
  errorTitle: 'The repository images could not be loaded',
};
