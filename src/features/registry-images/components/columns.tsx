import { Bytes, Count, ImageReference, RelativeTime } from '../../../components/cells';
import { ScanStatusBadge, SeverityBadge } from '../../../components/badges';
import { createDataTableColumnHelper } from '../../../components/data-table';
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

/** Repository image columns (ListRegistryImages fields), read from the typed row. */
export const registryImageColumns = column.columns([
  column.display({
    id: 'image',
    header: 'Image',
    // No width: the image takes the room the other columns leave.
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
  column.accessor('image_type', {
    header: 'Type',
    meta: { width: '6.5rem', optional: true },
    cell: ({ getValue }) => imageTypeLabel(getValue()),
  }),
  column.accessor('registry_name', {
    header: 'Registry',
    meta: { width: '13%', optional: true },
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
  column.accessor('scan_status', {
    header: 'Scan status',
    meta: { width: '11rem' },
    cell: ({ row }) => (
      <ScanStatusBadge
        status={row.original.scan_status}
        failedCode={row.original.scan_failed_code}
        failedDescription={row.original.scan_failed_desc}
      />
    ),
  }),
  column.accessor('severity_level', {
    header: 'Severity',
    meta: { width: '9rem' },
    cell: ({ getValue }) => <SeverityBadge level={getValue()} />,
  }),
  column.accessor('vul_num', {
    header: () => <abbr title="Vulnerabilities">Vulns</abbr>,
    meta: { align: 'end', width: '4rem' },
    cell: ({ getValue }) => <Count value={getValue()} />,
  }),
  column.accessor('malicious_file_num', {
    header: () => <abbr title="Malicious files">Malware</abbr>,
    meta: { align: 'end', width: '5.75rem' },
    cell: ({ getValue }) => <Count value={getValue()} />,
  }),
  column.accessor('unsafe_setting_num', {
    header: () => <abbr title="Baseline risks (unsafe settings)">Baseline</abbr>,
    meta: { align: 'end', width: '5.5rem' },
    cell: ({ getValue }) => <Count value={getValue()} />,
  }),
  column.accessor('image_size', {
    header: 'Size',
    meta: { align: 'end', width: '5.25rem' },
    cell: ({ getValue }) => <Bytes value={getValue()} />,
  }),
  column.accessor('latest_scan_time', {
    header: 'Last scan',
    meta: { align: 'end', width: '6.25rem' },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} />,
  }),
]);
