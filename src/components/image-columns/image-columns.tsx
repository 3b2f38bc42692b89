// The columns the repository-images and CI/CD-images tables share, written once so the two
// tables cannot drift apart in headers, sort keys or export keys.
import type { ReactNode } from 'react';
import type {
  CicdImage,
  MultiArchRollup,
  RegistryImage,
  RegistryImageRow,
} from '../../shared/contracts';
import { RiskCountBadge, ScanStatusCell, SeverityBadge, type RiskCountKind } from '../badges';
import { Bytes, Digest, ImageReference, RelativeTime, Text, YesNo } from '../cells';
import { createDataTableColumnHelper } from '../data-table';

type SharedField =
  | 'namespace'
  | 'image_name'
  | 'image_version'
  | 'image_digest'
  | 'latest_version'
  | 'scan_status'
  | 'scan_failed_code'
  | 'scan_failed_desc'
  | 'severity_level'
  | 'vul_num'
  | 'malicious_file_num'
  | 'unsafe_setting_num'
  | 'image_size'
  | 'latest_scan_time'
  | 'latest_update_time';

/**
 * The fields the shared columns read: both image lists carry them with the same types. A row
 * that says whether it is multi-architecture (repository images) gets the marker on its image.
 */
export type ImageRowFields = Pick<CicdImage, SharedField> &
  Partial<Pick<RegistryImage, 'is_multiple_arch'>> &
  Partial<Pick<RegistryImageRow, 'multi_arch'>>;

/** A multi-architecture parent's roll-up of its members' risk, or undefined for any other row. */
function rollupOf(row: ImageRowFields): MultiArchRollup | undefined {
  return row.multi_arch?.role === 'parent' ? row.multi_arch.rollup : undefined;
}

/** A rolled-up value, labelled as such (the parent itself is never scanned). */
function RolledUp({
  rollup,
  what,
  children,
}: {
  rollup: MultiArchRollup;
  what: string;
  children: ReactNode;
}) {
  return (
    <span
      className="rollup"
      title={`${what} of its ${rollup.members} architectures (${rollup.members_scanned} scanned); the multi-architecture image itself is not scanned`}
    >
      {children}
      {/* Σ keeps narrow count columns readable; screen readers hear the words. */}
      <span className="rollup__label" role="img" aria-label="roll-up">
        Σ
      </span>
    </span>
  );
}

export interface ImageColumnOptions {
  /** Size is hidden below 1200 px (a table whose own columns need the room at 1024 px). */
  optionalSize?: boolean;
  /**
   * Repository images: the CSV of the image, severity and count columns carries the multi-arch
   * family and roll-up columns beside the row's own values.
   */
  multiArchExport?: boolean;
}

type ImageColumnHelper<Row extends ImageRowFields> = ReturnType<
  typeof createDataTableColumnHelper<Row>
>;

/** What every column group needs: the typed helper and the export keys with their roll-ups. */
interface ColumnGroupContext<Row extends ImageRowFields> {
  column: ImageColumnHelper<Row>;
  /** `keys`, plus the roll-up's key when the export carries the multi-architecture roll-up. */
  withRollup: (keys: string[], rollupKey: string) => string[];
  optionalSize: boolean;
}

/** A shared field of a row whose own type the column helper cannot name (a generic `Row`). */
function readField<Key extends keyof ImageRowFields>(
  row: ImageRowFields,
  key: Key,
): ImageRowFields[Key] {
  return row[key];
}

/** A risk count column: the row's count, or a multi-architecture parent's rolled-up count. */
interface RiskCountColumn {
  id: 'vul_num' | 'malicious_file_num' | 'unsafe_setting_num';
  badge: RiskCountKind;
  header: string | (() => ReactNode);
  label: string;
  width: string;
  /** How the roll-up's title describes the value. */
  rolledUp: string;
}

const RISK_COUNT_COLUMNS: readonly RiskCountColumn[] = [
  {
    id: 'vul_num',
    badge: 'vulnerabilities',
    header: () => <abbr title="Vulnerabilities">Vulns</abbr>,
    label: 'Vulnerabilities',
    width: '5rem',
    rolledUp: 'Vulnerabilities summed over each',
  },
  {
    id: 'malicious_file_num',
    badge: 'malicious_files',
    header: () => <abbr title="Malicious files">Malware</abbr>,
    label: 'Malicious files',
    width: '6.75rem',
    rolledUp: 'Malicious files summed over each',
  },
  {
    id: 'unsafe_setting_num',
    badge: 'baseline_risks',
    // One name for this count everywhere: filter, column, detail, overview and export.
    header: 'Baseline risks',
    label: 'Baseline risks',
    width: '9.5rem',
    rolledUp: 'Baseline risks summed over each',
  },
];

function riskCountColumn<Row extends ImageRowFields>(
  { column, withRollup }: ColumnGroupContext<Row>,
  spec: RiskCountColumn,
) {
  return column.accessor((row: Row) => readField(row, spec.id), {
    id: spec.id,
    header: spec.header,
    meta: {
      label: spec.label,
      align: 'end',
      width: spec.width,
      sortKey: spec.id,
      firstSortDir: 'desc',
      exportKeys: withRollup([spec.id], `rollup_${spec.id}`),
    },
    cell: ({ row, getValue }) => {
      const rollup = rollupOf(row.original);
      return rollup ? (
        <RolledUp rollup={rollup} what={spec.rolledUp}>
          <RiskCountBadge kind={spec.badge} value={rollup[spec.id]} />
        </RolledUp>
      ) : (
        <RiskCountBadge kind={spec.badge} value={getValue()} />
      );
    },
  });
}

/** A time column, newest first when sorted. */
function timeColumn<Row extends ImageRowFields>(
  { column }: ColumnGroupContext<Row>,
  id: 'latest_scan_time' | 'latest_update_time',
  { label, width, hiddenByDefault }: { label: string; width: string; hiddenByDefault?: true },
) {
  return column.accessor((row: Row) => readField(row, id), {
    id,
    header: label,
    meta: {
      label,
      align: 'end',
      width,
      sortKey: id,
      firstSortDir: 'desc',
      exportKeys: [id],
      ...(hiddenByDefault ? { hiddenByDefault } : {}),
    },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} />,
  });
}

/** Image, Namespace, Tag: the columns each table opens with. */
function identityColumns<Row extends ImageRowFields>({
  column,
  withRollup,
}: ColumnGroupContext<Row>) {
  return [
    column.display({
      id: 'image',
      header: 'Image',
      // No width: the image takes the room the other columns leave (at least the table's
      // flexible minimum), and stays in view when the table scrolls sideways.
      meta: {
        label: 'Image',
        pinned: true,
        sortKey: 'image_name',
        exportKeys: withRollup(['namespace', 'image_name', 'image_version'], 'multi_arch'),
      },
      cell: ({ row }) => (
        <ImageReference
          namespace={row.original.namespace}
          name={row.original.image_name}
          tag={row.original.image_version}
          digest={row.original.image_digest}
          latest={row.original.latest_version}
          multiArch={row.original.is_multiple_arch}
          memberOf={
            row.original.multi_arch?.role === 'member'
              ? row.original.multi_arch.parent_digest || `#${row.original.multi_arch.parent_id}`
              : undefined
          }
        />
      ),
    }),
    column.accessor((row) => row.namespace, {
      id: 'namespace',
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
    column.accessor((row) => row.image_version, {
      id: 'image_version',
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
  ];
}

/** Scan status through Last update: the scan's outcome, the risks found, size and times. */
function scanColumns<Row extends ImageRowFields>(context: ColumnGroupContext<Row>) {
  const { column, withRollup, optionalSize } = context;
  return [
    column.accessor((row) => row.scan_status, {
      id: 'scan_status',
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
    column.accessor((row) => row.scan_failed_desc, {
      id: 'scan_failed_desc',
      header: 'Failure reason',
      meta: {
        label: 'Scan failure reason',
        width: '12rem',
        exportKeys: ['scan_failed_desc'],
        hiddenByDefault: true,
      },
      cell: ({ getValue }) => <Text value={getValue()} />,
    }),
    column.accessor((row) => row.severity_level, {
      id: 'severity_level',
      header: 'Severity',
      meta: {
        label: 'Severity',
        // Room for "Medium risk" and the roll-up mark of a multi-architecture image.
        width: '9.75rem',
        sortKey: 'severity_level',
        firstSortDir: 'desc',
        exportKeys: withRollup(['severity_level'], 'rollup_severity_level'),
      },
      cell: ({ row, getValue }) => {
        const rollup = rollupOf(row.original);
        return rollup ? (
          <RolledUp rollup={rollup} what="Worst severity">
            <SeverityBadge level={rollup.severity_level} />
          </RolledUp>
        ) : (
          <SeverityBadge level={getValue()} />
        );
      },
    }),
    ...RISK_COUNT_COLUMNS.map((spec) => riskCountColumn(context, spec)),
    column.accessor((row) => row.image_size, {
      id: 'image_size',
      header: 'Size',
      meta: {
        label: 'Size',
        align: 'end',
        width: '5.5rem',
        // Absent rather than false where the table shows Size at every width.
        ...(optionalSize ? { optional: true } : {}),
        sortKey: 'image_size',
        firstSortDir: 'desc',
        exportKeys: ['image_size'],
      },
      cell: ({ getValue }) => <Bytes value={getValue()} />,
    }),
    timeColumn(context, 'latest_scan_time', { label: 'Last scan', width: '6.75rem' }),
    timeColumn(context, 'latest_update_time', {
      label: 'Last update',
      width: '7rem',
      hiddenByDefault: true,
    }),
  ];
}

/**
 * The shared image columns, in the groups the tables place them in; each table puts its own
 * columns between the groups. Ids are the row's field names (saved column choices and URLs
 * use them); every sort key here is one both BFF lists accept. Accessor functions with an
 * explicit id, because a generic row type cannot name its keys to the column helper.
 */
export function createImageColumns<Row extends ImageRowFields>({
  optionalSize,
  multiArchExport,
}: ImageColumnOptions = {}) {
  const column = createDataTableColumnHelper<Row>();
  const context: ColumnGroupContext<Row> = {
    column,
    withRollup: (keys, rollupKey) => (multiArchExport ? [...keys, rollupKey] : keys),
    optionalSize: optionalSize === true,
  };
  return {
    identity: identityColumns(context),
    scan: scanColumns(context),
    digest: column.accessor((row) => row.image_digest, {
      id: 'image_digest',
      header: 'Digest',
      meta: {
        label: 'Digest',
        width: '13rem',
        exportKeys: ['image_digest'],
        hiddenByDefault: true,
      },
      cell: ({ getValue }) => <Digest value={getValue()} />,
    }),
    latestVersion: column.accessor((row) => row.latest_version, {
      id: 'latest_version',
      header: 'Latest',
      meta: {
        label: 'Latest version',
        width: '5rem',
        exportKeys: ['latest_version'],
        hiddenByDefault: true,
      },
      cell: ({ getValue }) => <YesNo value={getValue()} yes="Latest" />,
    }),
  };
}
