import { RiskCountBadge, ScanStatusCell, SeverityBadge } from '../../../components/badges';
import {
  Bytes,
  Digest,
  ImageReference,
  RelativeTime,
  Text,
  YesNo,
} from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import type { CicdImage } from '../../../shared/contracts';

const column = createDataTableColumnHelper<CicdImage>();

const PIPELINE_LABELS: Record<string, string> = { jenkins: 'Jenkins', codearts: 'CodeArts' };

/**
 * CI/CD image columns: every ListCicdImages field, read from the typed row. `sortKey` names the
 * BFF's sort key (CICD_SORT_KEYS); `exportKeys` the fields Export writes for the column.
 */
export const cicdImageColumns = column.columns([
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
  column.accessor('cicd_name', {
    header: 'CI/CD',
    meta: { label: 'CI/CD name', width: '10rem', sortKey: 'cicd_name', exportKeys: ['cicd_name'] },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('pipeline_type', {
    header: 'Pipeline',
    meta: { label: 'Pipeline', width: '6rem', optional: true, exportKeys: ['pipeline_type'] },
    cell: ({ getValue }) => PIPELINE_LABELS[getValue()] ?? (getValue() || '—'),
  }),
  column.accessor('registry_name', {
    header: 'Registry',
    meta: {
      label: 'Registry',
      width: '9rem',
      sortKey: 'registry_name',
      exportKeys: ['registry_name'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('registry_type', {
    header: 'Registry type',
    meta: {
      label: 'Registry type',
      width: '7.5rem',
      exportKeys: ['registry_type'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('image_type', {
    header: 'Type',
    meta: {
      label: 'Image type',
      width: '6.5rem',
      exportKeys: ['image_type'],
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <Text value={getValue()} />,
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
      // Hidden below 1200 px so the CI/CD name keeps its room at 1024 px.
      optional: true,
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
  column.accessor('image_digest', {
    header: 'Digest',
    meta: { label: 'Digest', width: '13rem', exportKeys: ['image_digest'], hiddenByDefault: true },
    cell: ({ getValue }) => <Digest value={getValue()} />,
  }),
  column.accessor('image_id', {
    header: 'Image id',
    meta: {
      label: 'Image id',
      width: '10rem',
      sortKey: 'image_id',
      exportKeys: ['image_id'],
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
]);
