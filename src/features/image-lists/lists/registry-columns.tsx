import { useFixedT } from '../../../i18n/translator';
import { SharedImageBadge } from '../../../components/badges';
import { RelativeTime, YesNo } from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { createImageColumns, EnumValue, textColumn } from '../../../components/image-columns';
import { basicImageColumn } from './basic-image-column';
import { listColumnLabel as labelOf } from './column-label';
import { useFormatters } from '../../../i18n/format';
import type { RegistryImageRow } from '../../../shared/contracts';

const column = createDataTableColumnHelper<RegistryImageRow>();
const shared = createImageColumns<RegistryImageRow>({ multiArchExport: true });

function RegistryCell({ row }: { row: RegistryImageRow }) {
  const t = useFixedT('table');
  const { registry_name, instance_name, registry_type } = row;
  const label = instance_name || registry_name || t('cells.none');
  return (
    <span className="truncate" title={[label, registry_type].filter(Boolean).join(' · ')}>
      {label}
    </span>
  );
}

function AssociatedCell({ images }: { images: RegistryImageRow['association_images'] }) {
  const format = useFormatters();
  if (images.length === 0) return <span className="muted">{format.number(0)}</span>;
  return (
    <span
      title={images
        .map((image) => `${image.namespace}/${image.image_name}:${image.image_version}`)
        .join('\n')}
    >
      {format.number(images.length)}
    </span>
  );
}

function MultiArchFlag({ value }: { value: boolean }) {
  const t = useFixedT('lists');
  return <YesNo value={value} yes={t('columns.is_multiple_arch_short')} />;
}

/**
 * Repository image columns: every ListRegistryImages field, read from the typed row. `sortKey`
 * names the BFF's sort key (REGISTRY_SORT_KEYS); `exportKeys` the fields Export writes for it.
 */
export const registryImageColumns = column.columns([
  ...shared.identity,
  column.accessor('image_type', {
    meta: {
      label: labelOf('image_type'),
      shortLabel: labelOf('image_type_short'),
      width: '6.5rem',
      optional: true,
      sortKey: 'image_type',
      exportKeys: ['image_type'],
    },
    cell: ({ getValue }) => <EnumValue group="imageType" value={getValue()} />,
  }),
  column.accessor('registry_name', {
    meta: {
      label: labelOf('registry_name'),
      width: '10rem',
      optional: true,
      sortKey: 'registry_name',
      exportKeys: ['registry_name'],
    },
    cell: ({ row }) => <RegistryCell row={row.original} />,
  }),
  textColumn(column, 'registry_type', (row) => row.registry_type, {
    label: labelOf('registry_type'),
    width: '7.5rem',
    sortKey: 'registry_type',
    exportKeys: ['registry_type'],
    hiddenByDefault: true,
  }),
  textColumn(column, 'registry_id', (row) => row.registry_id, {
    label: labelOf('registry_id'),
    width: '9rem',
    exportKeys: ['registry_id'],
    hiddenByDefault: true,
    mono: true,
  }),
  textColumn(column, 'instance_name', (row) => row.instance_name, {
    label: labelOf('instance_name'),
    shortLabel: labelOf('instance_name_short'),
    width: '9rem',
    sortKey: 'instance_name',
    exportKeys: ['instance_name'],
    hiddenByDefault: true,
  }),
  textColumn(column, 'instance_id', (row) => row.instance_id, {
    label: labelOf('instance_id'),
    shortLabel: labelOf('instance_id_short'),
    width: '9rem',
    exportKeys: ['instance_id'],
    hiddenByDefault: true,
    mono: true,
  }),
  textColumn(column, 'instance_url', (row) => row.instance_url, {
    label: labelOf('instance_url'),
    shortLabel: labelOf('instance_url_short'),
    width: '11rem',
    exportKeys: ['instance_url'],
    hiddenByDefault: true,
    mono: true,
  }),
  ...shared.scan,
  basicImageColumn(column),
  column.accessor('latest_sync_time', {
    meta: {
      label: labelOf('latest_sync_time'),
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
  textColumn(column, 'image_id', (row) => row.image_id, {
    label: labelOf('image_id'),
    width: '9rem',
    exportKeys: ['image_id'],
    hiddenByDefault: true,
    mono: true,
  }),
  textColumn(column, 'id', (row) => row.id, {
    label: labelOf('id'),
    width: '10rem',
    sortKey: 'id',
    exportKeys: ['id'],
    hiddenByDefault: true,
    mono: true,
  }),
  shared.latestVersion,
  column.accessor('is_multiple_arch', {
    meta: {
      label: labelOf('is_multiple_arch'),
      shortLabel: labelOf('is_multiple_arch_short'),
      width: '6rem',
      exportKeys: ['is_multiple_arch'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <MultiArchFlag value={getValue()} />,
  }),
  column.display({
    id: 'shared',
    meta: {
      label: labelOf('shared'),
      shortLabel: labelOf('shared_short'),
      width: '12rem',
      exportKeys: ['domain_name', 'shared_status'],
      hiddenByDefault: true,
    },
    cell: ({ row }) => (
      <SharedImageBadge owner={row.original.domain_name} status={row.original.shared_status} />
    ),
  }),
  column.accessor('scannable', {
    meta: {
      label: labelOf('scannable'),
      width: '6rem',
      exportKeys: ['scannable'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <YesNo value={getValue()} />,
  }),
  column.accessor('association_images', {
    meta: {
      label: labelOf('association_images'),
      shortLabel: labelOf('association_images_short'),
      align: 'end',
      width: '6.5rem',
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <AssociatedCell images={getValue()} />,
  }),
]);
