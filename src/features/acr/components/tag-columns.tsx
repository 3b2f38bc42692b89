import { useTranslation } from 'react-i18next';
import { Bytes, RelativeTime } from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { shortDigest, withDigestAlgorithm } from '../../../lib/format';
import type { AcrTag } from '../../../shared/contracts';
import { AcrStatusBadge } from './acr-status-badge';
import { CopyableHash, CopyButton } from '../../../components/cells';
import { SortableHeader } from './tag-sort';

const column = createDataTableColumnHelper<AcrTag>();

/** A copy button whose label names the tag: `label` is a `tags` message taking `{tag}`. */
function TagCopyButton({ text, label, tag }: { text: string; label: string; tag: string }) {
  const { t } = useTranslation('acr');
  return <CopyButton text={text} label={t(`tags.${label}`, { tag })} />;
}

function TagCopyableHash({ value, label, tag }: { value: string; label: string; tag: string }) {
  const { t } = useTranslation('acr');
  return (
    <CopyableHash value={value} short={shortDigest(value)} label={t(`tags.${label}`, { tag })} />
  );
}

/** ListRepoTag's fields, read from the typed row; every heading sorts the loaded page. */
export const tagColumns = column.columns([
  column.accessor('Tag', {
    header: () => <SortableHeader column="Tag" label="tag" />,
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
    header: () => <SortableHeader column="Digest" label="digest" />,
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
    header: () => <SortableHeader column="ImageId" label="imageId" />,
    meta: { width: '11.5rem', optional: true },
    cell: ({ getValue, row }) => (
      <TagCopyableHash value={getValue()} label="copyImageId" tag={row.original.Tag} />
    ),
  }),
  column.accessor('Status', {
    header: () => <SortableHeader column="Status" label="status" />,
    meta: { width: '8rem' },
    cell: ({ getValue }) => <AcrStatusBadge status={getValue()} />,
  }),
  column.accessor('ImageSize', {
    header: () => <SortableHeader column="ImageSize" label="size" />,
    meta: { align: 'end', width: '6.5rem' },
    cell: ({ getValue }) => <Bytes value={getValue()} />,
  }),
  column.accessor('ImageCreate', {
    header: () => <SortableHeader column="ImageCreate" label="created" />,
    meta: { align: 'end', width: '7.5rem' },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} never="—" />,
  }),
  column.accessor('ImageUpdate', {
    header: () => <SortableHeader column="ImageUpdate" label="updated" />,
    meta: { align: 'end', width: '7.5rem' },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} never="—" />,
  }),
]);
