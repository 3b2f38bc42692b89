// The base-images table's columns, read from the typed row. `sortKey` names the route's sort key
// (contracts BASE_IMAGES_SORT_KEYS); names are keys of the `baseImages` catalogue.
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { Badge } from '../../../components/badges';
import { Count, Digest, RelativeTime, Text } from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { useFormatters } from '../../../i18n/format';
import type { BaseImageRow, ImageList } from '../../../shared/contracts/facts';
import { explorerTarget } from '../base-images-url-state';
import { EolBadge } from './eol-badge';

const column = createDataTableColumnHelper<BaseImageRow>();

const labelOf = (id: string) => `baseImages:columns.${id}`;

/** "Debian GNU/Linux 11": how a basic image is named in words. */
export function baseImageName(row: Pick<BaseImageRow, 'os_name' | 'os_version'>): string {
  return `${row.os_name} ${row.os_version}`.trim();
}

/** A count of one list's images on the base, as a link to that list filtered to them. */
function ExplorerCountLink({ row, list }: { row: BaseImageRow; list: ImageList }) {
  const { t } = useTranslation('baseImages');
  const format = useFormatters();
  const [searchParams] = useSearchParams();
  const count = list === 'registry' ? row.registry_images : row.cicd_images;
  if (count === 0) return <Count value={0} />;
  const target = explorerTarget(row, list, searchParams.get('account') ?? undefined);
  return (
    <Link
      to={target}
      className="count-link"
      aria-label={t(`open.${list}`, { count, base: baseImageName(row) || t('unnamed') })}
    >
      {format.number(count)}
    </Link>
  );
}

function HighRiskCount({ value }: { value: number }) {
  const format = useFormatters();
  if (value === 0) return <Count value={0} />;
  return <Badge tone="high" label={format.number(value)} />;
}

export const baseImageColumns = column.columns([
  column.accessor('os_name', {
    meta: { label: labelOf('os_name'), pinned: true, sortKey: 'os_name' },
    cell: ({ getValue }) => <OsName value={getValue()} />,
  }),
  column.accessor('os_version', {
    meta: { label: labelOf('os_version'), width: '7.5rem', sortKey: 'os_version' },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('layer_digest', {
    meta: { label: labelOf('layer_digest'), width: '11rem', sortKey: 'layer_digest', mono: true },
    cell: ({ getValue }) => <Digest value={getValue()} />,
  }),
  column.accessor('high_risk_images', {
    meta: {
      label: labelOf('high_risk_images'),
      shortLabel: labelOf('high_risk_images_short'),
      align: 'end',
      width: '6.75rem',
      sortKey: 'high_risk_images',
      firstSortDir: 'desc',
    },
    cell: ({ getValue }) => <HighRiskCount value={getValue()} />,
  }),
  column.accessor('registry_images', {
    meta: {
      label: labelOf('registry_images'),
      shortLabel: labelOf('registry_images_short'),
      align: 'end',
      width: '7.5rem',
      sortKey: 'registry_images',
      firstSortDir: 'desc',
    },
    cell: ({ row }) => <ExplorerCountLink row={row.original} list="registry" />,
  }),
  column.accessor('cicd_images', {
    meta: {
      label: labelOf('cicd_images'),
      shortLabel: labelOf('cicd_images_short'),
      align: 'end',
      width: '5rem',
      sortKey: 'cicd_images',
      firstSortDir: 'desc',
    },
    cell: ({ row }) => <ExplorerCountLink row={row.original} list="cicd" />,
  }),
  column.accessor('namespaces', {
    meta: {
      label: labelOf('namespaces'),
      align: 'end',
      width: '8.25rem',
      sortKey: 'namespaces',
      firstSortDir: 'desc',
      optional: true,
    },
    cell: ({ getValue }) => <Count value={getValue()} />,
  }),
  column.accessor('vul_num', {
    meta: {
      label: labelOf('vul_num'),
      shortLabel: labelOf('vul_num_short'),
      align: 'end',
      width: '5rem',
      sortKey: 'vul_num',
      firstSortDir: 'desc',
    },
    cell: ({ getValue }) => <Count value={getValue()} />,
  }),
  column.accessor('eol', {
    meta: { label: labelOf('eol'), width: '14.75rem', sortKey: 'eol_date' },
    cell: ({ row }) => <EolBadge status={row.original.eol} date={row.original.eol_date} />,
  }),
  column.accessor('newest_scan_time', {
    meta: {
      label: labelOf('newest_scan_time'),
      align: 'end',
      width: '8.25rem',
      sortKey: 'newest_scan_time',
      firstSortDir: 'desc',
      optional: true,
    },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} />,
  }),
  column.accessor('oldest_scan_time', {
    meta: {
      label: labelOf('oldest_scan_time'),
      align: 'end',
      width: '7.5rem',
      sortKey: 'oldest_scan_time',
      // The stalest scans first: the bases whose images were not looked at for longest.
      firstSortDir: 'asc',
      optional: true,
      // Off by default so the essential columns fit at 1366 px; the column menu shows it.
      hiddenByDefault: true,
    },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} />,
  }),
]);

/** An OS name, or the words for a base HSS reported without one. */
function OsName({ value }: { value: string }) {
  const { t } = useTranslation('baseImages');
  return value ? <Text value={value} /> : <span className="muted">{t('unnamed')}</span>;
}
