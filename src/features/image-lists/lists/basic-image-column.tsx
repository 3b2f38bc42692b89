import type { RowData } from '@tanstack/react-table';
import { useFixedT } from '../../../i18n/translator';
import type { createDataTableColumnHelper } from '../../../components/data-table';
import { listColumnLabel as labelOf } from './column-label';

/** The fields of a list row the column reads (an extension of both lists). */
interface BasicImageFields {
  basic_image?: string | null | undefined;
  basic_image_digest?: string | null | undefined;
}

/** "Debian 11", its layer digest on hover; a dash while unknown or when HSS found none. */
function BasicImageCell({ name, digest }: { name: string; digest: string }) {
  const t = useFixedT('table');
  if (!name) return <span className="muted">{t('cells.none')}</span>;
  return (
    <span className="truncate" title={digest ? `${name}\n${digest}` : name}>
      {name}
    </span>
  );
}

/**
 * The image's basic image (the background ListImageBasicImage look-up): one column for both
 * lists, so its name and look cannot drift apart. Export writes the name and the layer digest.
 * No sort key: the BFF would order every row by a look-up into basic_images (no index on the
 * list tables serves that order), too slow for the list-page bound on a large estate.
 */
export function basicImageColumn<Row extends RowData & BasicImageFields>(
  column: ReturnType<typeof createDataTableColumnHelper<Row>>,
) {
  return column.accessor((row: Row) => row.basic_image ?? '', {
    id: 'basic_image',
    meta: {
      label: labelOf('basic_image'),
      width: '9rem',
      optional: true,
      // Shown from the column menu: at 1024–1366 px a further default column cut the image's
      // own name and digest.
      hiddenByDefault: true,
      exportKeys: ['basic_image', 'basic_image_digest'],
    },
    cell: ({ row, getValue }) => (
      <BasicImageCell name={getValue()} digest={row.original.basic_image_digest ?? ''} />
    ),
  });
}
