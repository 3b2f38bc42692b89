// The mirrored tags' columns: every one sorts on the server (sort_key), names from the `acr`
// catalogue.
import { useTranslation } from 'react-i18next';
import { Bytes, CopyableHash, Text } from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { shortDigest } from '../../../lib/format';
import type { AcrTagListRow } from '../../../shared/contracts';
import type { AcrTagSortKey } from '../../../shared/contracts/acr-facts';
import { AcrEnumLabel, timeColumn, type AcrColumnHeadingKey } from './acr-labels';
import { AcrStatusBadge } from './acr-status-badge';

const column = createDataTableColumnHelper<AcrTagListRow>();

function DigestCell({ digest, tag }: { digest: string; tag: string }) {
  const { t } = useTranslation('acr');
  return (
    <CopyableHash
      value={digest}
      short={shortDigest(digest)}
      label={t('tags.copyDigest', { tag })}
    />
  );
}

/** Meta of a column named `heading` that sorts by `sortKey`; figures and times newest first. */
function sorted(heading: AcrColumnHeadingKey, sortKey: AcrTagSortKey, firstDesc = false) {
  return {
    label: `acr:columns.${heading}`,
    sortKey,
    exportKeys: [sortKey],
    ...(firstDesc ? { firstSortDir: 'desc' as const } : {}),
  };
}

function timeMeta(heading: AcrColumnHeadingKey, sortKey: AcrTagSortKey, optional = false) {
  const time = timeColumn('7.5rem');
  return { cell: time.cell, meta: { ...time.meta, ...sorted(heading, sortKey, true), optional } };
}

export const tagListColumns = column.columns([
  column.accessor('namespace', {
    meta: { ...sorted('namespace', 'namespace'), width: '9rem' },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('image_name', {
    meta: { ...sorted('repository', 'image_name'), pinned: true },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('image_version', {
    meta: { ...sorted('tag', 'image_version'), width: '9rem' },
    cell: ({ getValue }) => (
      <span className="image-ref__tag truncate" title={getValue()}>
        {getValue()}
      </span>
    ),
  }),
  column.accessor('image_digest', {
    meta: { ...sorted('digest', 'image_digest'), width: '13rem', mono: true },
    cell: ({ getValue, row }) => (
      <DigestCell digest={getValue()} tag={row.original.image_version} />
    ),
  }),
  column.accessor('tag_status', {
    meta: { ...sorted('status', 'tag_status'), width: '7rem' },
    cell: ({ getValue }) => <AcrStatusBadge status={getValue()} />,
  }),
  column.accessor('repo_type', {
    meta: { ...sorted('type', 'repo_type'), width: '6.5rem', optional: true },
    cell: ({ getValue }) => <AcrEnumLabel group="repoType" value={getValue()} />,
  }),
  column.accessor('image_size', {
    meta: { ...sorted('size', 'image_size', true), align: 'end', width: '6.5rem' },
    cell: ({ getValue }) => <Bytes value={getValue()} />,
  }),
  column.accessor('image_update', timeMeta('updated', 'image_update')),
  column.accessor('image_create', timeMeta('created', 'image_create', true)),
  column.accessor('instance_id', {
    meta: { ...sorted('instance', 'instance_id'), width: '9rem', optional: true, mono: true },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
]);
