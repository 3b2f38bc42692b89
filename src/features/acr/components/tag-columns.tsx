import { useTranslation } from 'react-i18next';
import { Bytes } from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { shortDigest, withDigestAlgorithm } from '../../../lib/format';
import type { AcrTag } from '../../../shared/contracts';
import { timeColumn } from './acr-labels';
import { AcrStatusBadge } from './acr-status-badge';
import { CopyableHash, CopyButton } from '../../../components/cells';
import { SortableHeader } from './tag-sort';

const column = createDataTableColumnHelper<AcrTag>();

/** The `tags` messages that name what a copy button copies of a tag. */
type CopyLabelKey = 'copyTag' | 'copyDigest' | 'copyImageId';

/** A copy button whose label names the tag. */
function TagCopyButton({ text, label, tag }: { text: string; label: CopyLabelKey; tag: string }) {
  const { t } = useTranslation('acr');
  return <CopyButton text={text} label={t(`tags.${label}`, { tag })} />;
}

function TagCopyableHash({
  value,
  label,
  tag,
}: {
  value: string;
  label: CopyLabelKey;
  tag: string;
}) {
  const { t } = useTranslation('acr');
  return (
    <CopyableHash value={value} short={shortDigest(value)} label={t(`tags.${label}`, { tag })} />
  );
}

/** ListRepoTag's fields, read from the typed row; every heading sorts the loaded page. */
export const tagColumns = column.columns([
  column.accessor('Tag', {
    header: () => <SortableHeader column="Tag" />,
    cell: ({ getValue }) => (
      <span className="copyable">
        <span className="image-ref__tag truncate" title={getValue()}>
          {getValue()}
        </span>
        <TagCopyButton text={getValue()} label="copyTag" tag={getValue()} />
      </span>
    ),
  }),
  column.accessor('Digest', {
    header: () => <SortableHeader column="Digest" />,
    meta: { width: '15rem' },
    cell: ({ getValue, row }) => (
      <TagCopyableHash
        value={withDigestAlgorithm(getValue())}
        label="copyDigest"
        tag={row.original.Tag}
      />
    ),
  }),
  column.accessor('ImageId', {
    header: () => <SortableHeader column="ImageId" />,
    meta: { width: '11.5rem', optional: true },
    cell: ({ getValue, row }) => (
      <TagCopyableHash value={getValue()} label="copyImageId" tag={row.original.Tag} />
    ),
  }),
  column.accessor('Status', {
    header: () => <SortableHeader column="Status" />,
    meta: { width: '8rem' },
    cell: ({ getValue }) => <AcrStatusBadge status={getValue()} />,
  }),
  column.accessor('ImageSize', {
    header: () => <SortableHeader column="ImageSize" />,
    meta: { align: 'end', width: '6.5rem' },
    cell: ({ getValue }) => <Bytes value={getValue()} />,
  }),
  column.accessor('ImageCreate', {
    header: () => <SortableHeader column="ImageCreate" />,
    ...timeColumn('7.5rem'),
  }),
  column.accessor('ImageUpdate', {
    header: () => <SortableHeader column="ImageUpdate" />,
    ...timeColumn('7.5rem'),
  }),
]);
