import { SharedImageBadge } from '../../../components/badges';
import { RelativeTime, Text, YesNo } from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { createImageColumns } from '../../../components/image-columns';
import { formatNumber } from '../../../lib/format';
import {
  REGISTRY_IMAGE_TYPE_LABELS,
  REGISTRY_IMAGE_TYPES,
  type RegistryImageType,
} from '../../../shared/contracts/facts';
import type { RegistryImageRow } from '../../../shared/contracts';

const column = createDataTableColumnHelper<RegistryImageRow>();
const shared = createImageColumns<RegistryImageRow>({ multiArchExport: true });

function imageTypeLabel(value: string): string {
  return (REGISTRY_IMAGE_TYPES as readonly string[]).includes(value)
    ? REGISTRY_IMAGE_TYPE_LABELS[value as RegistryImageType]
    : value || '—';
}

/**
 * Repository image columns: every ListRegistryImages field, read from the typed row. `sortKey`
 * names the BFF's sort key (REGISTRY_SORT_KEYS); `exportKeys` the fields Export writes for it.
 */
export const registryImageColumns = column.columns([
  ...shared.identity,
  column.accessor('image_type', {
    header: 'Type',
    meta: {
      label: 'Type',
      width: '6.5rem',
      optional: true,
      sortKey: 'image_type',
      exportKeys: ['image_type'],
    },
    cell: ({ getValue }) => imageTypeLabel(getValue()),
  }),
  column.accessor('registry_name', {
    header: 'Registry',
    meta: {
      label: 'Registry',
      width: '10rem',
      optional: true,
      sortKey: 'registry_name',
      exportKeys: ['registry_name'],
    },
    cell: ({ row }) => {
      const { registry_name, instance_name, registry_type } = row.original;
      const label = instance_name || registry_name || '—';
      return (
        <span className="truncate" title={[label, registry_type].filter(Boolean).join(' · ')}>
          {label}
        </span>
      );
    },
  }),
  column.accessor('registry_type', {
    header: 'Registry type',
    meta: {
      label: 'Registry type',
      width: '7.5rem',
      sortKey: 'registry_type',
      exportKeys: ['registry_type'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('registry_id', {
    header: 'Registry id',
    meta: {
      label: 'Registry id',
      width: '9rem',
      exportKeys: ['registry_id'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} mono />,
  }),
  column.accessor('instance_name', {
    header: 'Instance',
    meta: {
      label: 'Enterprise instance',
      width: '9rem',
      sortKey: 'instance_name',
      exportKeys: ['instance_name'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('instance_id', {
    header: 'Instance id',
    meta: {
      label: 'Enterprise instance id',
      width: '9rem',
      exportKeys: ['instance_id'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} mono />,
  }),
  column.accessor('instance_url', {
    header: 'Instance URL',
    meta: {
      label: 'Enterprise instance URL',
      width: '11rem',
      exportKeys: ['instance_url'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} mono />,
  }),
  ...shared.scan,
  column.accessor('latest_sync_time', {
    header: 'Last sync',
    meta: {
      label: 'Last sync',
      align: 'end',
      width: '6.75rem',
      sortKey: 'latest_sync_time',
      firstSortDir: 'desc',
      exportKeys: ['latest_sync_time'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} />,
  }),
  shared.digest,
  column.accessor('image_id', {
    header: 'Image id',
    meta: { label: 'Image id', width: '9rem', exportKeys: ['image_id'], hiddenByDefault: true },
    cell: ({ getValue }) => <Text value={getValue()} mono />,
  }),
  column.accessor('id', {
    header: 'Record id',
    meta: {
      label: 'Record id',
      width: '10rem',
      sortKey: 'id',
      exportKeys: ['id'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} mono />,
  }),
  shared.latestVersion,
  column.accessor('is_multiple_arch', {
    header: 'Multi-arch',
    meta: {
      label: 'Multi-architecture',
      width: '6rem',
      exportKeys: ['is_multiple_arch'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <YesNo value={getValue()} yes="Multi-arch" />,
  }),
  column.display({
    id: 'shared',
    header: 'Shared by',
    meta: {
      label: 'Shared image (owner, status)',
      width: '12rem',
      exportKeys: ['domain_name', 'shared_status'],
      hiddenByDefault: true,
    },
    cell: ({ row }) => (
      <SharedImageBadge owner={row.original.domain_name} status={row.original.shared_status} />
    ),
  }),
  column.accessor('scannable', {
    header: 'Scannable',
    meta: { label: 'Scannable', width: '6rem', exportKeys: ['scannable'], hiddenByDefault: true },
    cell: ({ getValue }) => <YesNo value={getValue()} />,
  }),
  column.accessor('association_images', {
    header: 'Associated',
    meta: { label: 'Associated images', align: 'end', width: '6.5rem', hiddenByDefault: true },
    cell: ({ getValue }) => {
      const images = getValue();
      return images.length === 0 ? (
        <span className="muted">0</span>
      ) : (
        <span
          title={images
            .map((image) => `${image.namespace}/${image.image_name}:${image.image_version}`)
            .join('\n')}
        >
          {formatNumber(images.length)}
        </span>
      );
    },
  }),
]);
