// The columns the repository-images and CI/CD-images tables share, written once so the two
// tables cannot drift apart in headers, sort keys or export keys. Column names are keys of the
// `table` catalogue (`table:columns.<id>`), translated by the data table where it shows them.
import type { RowData } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { useFixedT } from '../../i18n/translator';
import type {
  CicdImage,
  MultiArchRollup,
  RegistryImage,
  RegistryImageRow,
} from '../../shared/contracts';
import { RiskCountBadge, ScanStatusCell, SeverityBadge, type RiskCountKind } from '../badges';
import { Bytes, Digest, ImageReference, RelativeTime, Text, YesNo } from '../cells';
import { createDataTableColumnHelper, type DataTableColumnMeta } from '../data-table';
import { useEnumLabel, type EnumGroup } from '../../i18n/enum-labels';

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

type RolledUpField = 'severity_level' | 'vul_num' | 'malicious_file_num' | 'unsafe_setting_num';

/** A rolled-up value, labelled as such (the parent itself is never scanned). */
function RolledUp({
  rollup,
  field,
  children,
}: {
  rollup: MultiArchRollup;
  /** The rolled-up field: its `table:rollup.<field>` message says how the value is made. */
  field: RolledUpField;
  children: ReactNode;
}) {
  const t = useFixedT('table');
  return (
    <span
      className="rollup"
      title={t('rollup.title', {
        what: t(`rollup.${field}`),
        members: rollup.members,
        scanned: rollup.members_scanned,
      })}
    >
      {children}
      {/* Σ keeps narrow count columns readable; screen readers hear the words. */}
      <span className="rollup__label" role="img" aria-label={t('rollup.mark')}>
        Σ
      </span>
    </span>
  );
}

/** "Latest" for the latest version, quiet "No" otherwise. */
function LatestFlag({ value }: { value: boolean }) {
  const t = useFixedT('table');
  return <YesNo value={value} yes={t('columns.latest_version_short')} />;
}

/**
 * A vendor enum value in the reader's language (image type, pipeline type), truncated with the
 * whole label on hover (Chinese labels run longer); a dash when empty.
 */
export function EnumValue({ group, value }: { group: EnumGroup; value: string }) {
  const label = useEnumLabel();
  return <Text value={value ? label(group, value) : ''} />;
}

/** A shared column's name: its key in the `table` catalogue. */
function labelOf(id: string): string {
  return `table:columns.${id}`;
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

type ColumnHelperOf<Row extends RowData> = ReturnType<typeof createDataTableColumnHelper<Row>>;
type ImageColumnHelper<Row extends ImageRowFields> = ColumnHelperOf<Row>;

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
  /** Whether the header is an abbreviation of the name (narrow count columns). */
  short: boolean;
  width: string;
}

// One name for the baseline count everywhere: filter, column, detail, overview and export.
const RISK_COUNT_COLUMNS: readonly RiskCountColumn[] = [
  { id: 'vul_num', badge: 'vulnerabilities', short: true, width: '5rem' },
  { id: 'malicious_file_num', badge: 'malicious_files', short: true, width: '6.75rem' },
  { id: 'unsafe_setting_num', badge: 'baseline_risks', short: false, width: '9.5rem' },
];

function riskCountColumn<Row extends ImageRowFields>(
  { column, withRollup }: ColumnGroupContext<Row>,
  spec: RiskCountColumn,
) {
  return column.accessor((row: Row) => readField(row, spec.id), {
    id: spec.id,
    meta: {
      label: labelOf(spec.id),
      ...(spec.short ? { shortLabel: labelOf(`${spec.id}_short`) } : {}),
      align: 'end',
      width: spec.width,
      sortKey: spec.id,
      firstSortDir: 'desc',
      exportKeys: withRollup([spec.id], `rollup_${spec.id}`),
    },
    cell: ({ row, getValue }) => {
      const rollup = rollupOf(row.original);
      return rollup ? (
        <RolledUp rollup={rollup} field={spec.id}>
          <RiskCountBadge kind={spec.badge} value={rollup[spec.id]} />
        </RolledUp>
      ) : (
        <RiskCountBadge kind={spec.badge} value={getValue()} />
      );
    },
  });
}

/**
 * A column of a text field: its name and the rest from `meta`, the value as plain text (`mono`
 * for ids) unless `render` shows it otherwise. Each image table's own text fields use it too.
 */
export function textColumn<Row extends RowData>(
  column: ColumnHelperOf<Row>,
  id: string,
  read: (row: Row) => string,
  meta: DataTableColumnMeta,
  render: (value: string) => ReactNode = (value) => <Text value={value} mono={meta.mono} />,
) {
  return column.accessor(read, { id, meta, cell: ({ getValue }) => render(getValue()) });
}

type TextField = 'namespace' | 'image_version' | 'scan_failed_desc' | 'image_digest';

/** A shared text field's column, hidden until picked in the column menu. */
function hiddenTextColumn<Row extends ImageRowFields>(
  { column }: ColumnGroupContext<Row>,
  id: TextField,
  meta: Omit<DataTableColumnMeta, 'label' | 'exportKeys' | 'hiddenByDefault'>,
  render?: (value: string) => ReactNode,
) {
  return textColumn(
    column,
    id,
    (row) => readField(row, id),
    { label: labelOf(id), ...meta, exportKeys: [id], hiddenByDefault: true },
    render,
  );
}

/** A time column, newest first when sorted. */
function timeColumn<Row extends ImageRowFields>(
  { column }: ColumnGroupContext<Row>,
  id: 'latest_scan_time' | 'latest_update_time',
  { width, hiddenByDefault }: { width: string; hiddenByDefault?: true },
) {
  return column.accessor((row: Row) => readField(row, id), {
    id,
    meta: {
      label: labelOf(id),
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
function identityColumns<Row extends ImageRowFields>(context: ColumnGroupContext<Row>) {
  const { column, withRollup } = context;
  return [
    column.display({
      id: 'image',
      // No width: the image takes the room the other columns leave (at least the table's
      // flexible minimum), and stays in view when the table scrolls sideways.
      meta: {
        label: labelOf('image'),
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
    hiddenTextColumn(context, 'namespace', { width: '9rem', sortKey: 'namespace' }),
    hiddenTextColumn(context, 'image_version', {
      width: '8rem',
      sortKey: 'image_version',
      mono: true,
    }),
  ];
}

/** Scan status through Last update: the scan's outcome, the risks found, size and times. */
function scanColumns<Row extends ImageRowFields>(context: ColumnGroupContext<Row>) {
  const { column, withRollup, optionalSize } = context;
  return [
    column.accessor((row) => row.scan_status, {
      id: 'scan_status',
      meta: {
        label: labelOf('scan_status'),
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
    hiddenTextColumn(context, 'scan_failed_desc', {
      shortLabel: labelOf('scan_failed_desc_short'),
      width: '12rem',
    }),
    column.accessor((row) => row.severity_level, {
      id: 'severity_level',
      meta: {
        label: labelOf('severity_level'),
        // Room for "Medium risk" and the roll-up mark of a multi-architecture image.
        width: '9.75rem',
        sortKey: 'severity_level',
        firstSortDir: 'desc',
        exportKeys: withRollup(['severity_level'], 'rollup_severity_level'),
      },
      cell: ({ row, getValue }) => {
        const rollup = rollupOf(row.original);
        return rollup ? (
          <RolledUp rollup={rollup} field="severity_level">
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
      meta: {
        label: labelOf('image_size'),
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
    timeColumn(context, 'latest_scan_time', { width: '6.75rem' }),
    timeColumn(context, 'latest_update_time', { width: '7rem', hiddenByDefault: true }),
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
    digest: hiddenTextColumn(context, 'image_digest', { width: '13rem' }, (value) => (
      <Digest value={value} />
    )),
    latestVersion: column.accessor((row) => row.latest_version, {
      id: 'latest_version',
      meta: {
        label: labelOf('latest_version'),
        shortLabel: labelOf('latest_version_short'),
        width: '5rem',
        exportKeys: ['latest_version'],
        hiddenByDefault: true,
      },
      cell: ({ getValue }) => <LatestFlag value={getValue()} />,
    }),
  };
}
