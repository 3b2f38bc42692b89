import {
  RiskCountBadge,
  ScanStatusCell,
  SeverityBadge,
  SharedImageBadge,
} from '../../../components/badges';
import {
  Bytes,
  Digest,
  ImageReference,
  RelativeTime,
  Text,
  YesNo,
} from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { formatNumber } from '../../../lib/format';
import {
  REGISTRY_IMAGE_TYPE_LABELS,
  REGISTRY_IMAGE_TYPES,
  type RegistryImage,
  type RegistryImageType,
} from '../../../shared/contracts';

const column = createDataTableColumnHelper<RegistryImage>();

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
  column.display({
    id: 'image',
    header: 'Image',
    // No width: the image takes the room the other columns leave.
    meta: {
      label: 'Image',
      sortKey: 'image_name',
      exportKeys: ['namespace', 'image_name', 'image_version'],
    },
    cell: ({ row }) => (
      <ImageReference
        namespace={row.original.namespace}
        name={row.original.image_name}
        tag={row.original.image_version}
        digest={row.original.image_digest}
        latest={row.original.latest_version}
        multiArch={row.original.is_multiple_arch}
      />
    ),
  }),
  column.accessor('namespace', {
    header: 'Namespace',
    meta: {
      label: 'Namespace',
      width: '9rem',
      sortKey: 'namespace',
      exportKeys: ['namespace'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('image_version', {
    header: 'Tag',
    meta: {
      label: 'Tag',
      width: '8rem',
      sortKey: 'image_version',
      exportKeys: ['image_version'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} mono />,
  }),
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
  column.accessor('scan_status', {
    header: 'Scan status',
    meta: {
      label: 'Scan status',
      width: '11rem',
      sortKey: 'scan_status',
      exportKeys: ['scan_status', 'scan_failed_code'],
    },
    cell: ({ row }) => (
      <ScanStatusCell
        status={row.original.scan_status}
        failedCode={row.original.scan_failed_code}
        failedDescription={row.original.scan_failed_desc}
      />
    ),
  }),
  column.accessor('scan_failed_desc', {
    header: 'Failure reason',
    meta: {
      label: 'Scan failure reason',
      width: '12rem',
      exportKeys: ['scan_failed_desc'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('severity_level', {
    header: 'Severity',
    meta: {
      label: 'Severity',
      width: '8.75rem',
      sortKey: 'severity_level',
      firstSortDir: 'desc',
      exportKeys: ['severity_level'],
    },
    cell: ({ getValue }) => <SeverityBadge level={getValue()} />,
  }),
  column.accessor('vul_num', {
    header: () => <abbr title="Vulnerabilities">Vulns</abbr>,
    meta: {
      label: 'Vulnerabilities',
      align: 'end',
      width: '5rem',
      sortKey: 'vul_num',
      firstSortDir: 'desc',
      exportKeys: ['vul_num'],
    },
    cell: ({ getValue }) => <RiskCountBadge kind="vulnerabilities" value={getValue()} />,
  }),
  column.accessor('malicious_file_num', {
    header: () => <abbr title="Malicious files">Malware</abbr>,
    meta: {
      label: 'Malicious files',
      align: 'end',
      width: '6.75rem',
      sortKey: 'malicious_file_num',
      firstSortDir: 'desc',
      exportKeys: ['malicious_file_num'],
    },
    cell: ({ getValue }) => <RiskCountBadge kind="malicious_files" value={getValue()} />,
  }),
  column.accessor('unsafe_setting_num', {
    header: () => <abbr title="Baseline risks (unsafe settings)">Baseline</abbr>,
    meta: {
      label: 'Baseline risks',
      align: 'end',
      width: '6.75rem',
      sortKey: 'unsafe_setting_num',
      firstSortDir: 'desc',
      exportKeys: ['unsafe_setting_num'],
    },
    cell: ({ getValue }) => <RiskCountBadge kind="baseline_risks" value={getValue()} />,
  }),
  column.accessor('image_size', {
    header: 'Size',
    meta: {
      label: 'Size',
      align: 'end',
      width: '5.5rem',
      sortKey: 'image_size',
      firstSortDir: 'desc',
      exportKeys: ['image_size'],
    },
    cell: ({ getValue }) => <Bytes value={getValue()} />,
  }),
  column.accessor('latest_scan_time', {
    header: 'Last scan',
    meta: {
      label: 'Last scan',
      align: 'end',
      width: '6.75rem',
      sortKey: 'latest_scan_time',
      firstSortDir: 'desc',
      exportKeys: ['latest_scan_time'],
    },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} />,
  }),
  column.accessor('latest_update_time', {
    header: 'Last update',
    meta: {
      label: 'Last update',
      align: 'end',
      width: '7rem',
      sortKey: 'latest_update_time',
      firstSortDir: 'desc',
      exportKeys: ['latest_update_time'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} />,
  }),
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
  column.accessor('image_digest', {
    header: 'Digest',
    meta: { label: 'Digest', width: '13rem', exportKeys: ['image_digest'], hiddenByDefault: true },
    cell: ({ getValue }) => <Digest value={getValue()} />,
  }),
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
  column.accessor('latest_version', {
    header: 'Latest',
    meta: {
      label: 'Latest version',
      width: '5rem',
      exportKeys: ['latest_version'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <YesNo value={getValue()} yes="Latest" />,
  }),
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
