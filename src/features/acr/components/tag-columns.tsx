import { Bytes, RelativeTime } from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { shortDigest, withDigestAlgorithm } from '../../../lib/format';
import type { AcrTag } from '../../../shared/contracts';
import { AcrStatusBadge } from './acr-status-badge';
import { CopyableHash, CopyButton } from '../../../components/cells';
import { SortableHeader } from './tag-sort';

const column = createDataTableColumnHelper<AcrTag>();

/** ListRepoTag's fields, read from the typed row; every heading sorts the loaded page. */
export const tagColumns = column.columns([
  column.accessor('Tag', {
    header: () => <SortableHeader column="Tag" label="Tag" />,
    cell: ({ getValue }) => (
      <span className="copyable">
        <span className="image-ref__tag truncate" title={getValue()}>
          {getValue()}
        </span>
        <CopyButton text={getValue()} label={`Copy tag ${getValue()}`} />
      </span>
    ),
  }),
  column.accessor('Digest', {
    header: () => <SortableHeader column="Digest" label="Digest" />,
    meta: { width: '15rem' },
    cell: ({ getValue, row }) => (
      <CopyableHash
        value={withDigestAlgorithm(getValue())}
        short={shortDigest(withDigestAlgorithm(getValue()))}
        label={`Copy digest of ${row.original.Tag}`}
      />
    ),
  }),
  column.accessor('ImageId', {
    header: () => <SortableHeader column="ImageId" label="Image ID" />,
    meta: { width: '11.5rem', optional: true },
    cell: ({ getValue, row }) => (
      <CopyableHash
        value={getValue()}
        short={shortDigest(getValue())}
        label={`Copy image ID of ${row.original.Tag}`}
      />
    ),
  }),
  column.accessor('Status', {
    header: () => <SortableHeader column="Status" label="Status" />,
    meta: { width: '8rem' },
    cell: ({ getValue }) => <AcrStatusBadge status={getValue()} />,
  }),
  column.accessor('ImageSize', {
    header: () => <SortableHeader column="ImageSize" label="Size" />,
    meta: { align: 'end', width: '6.5rem' },
    cell: ({ getValue }) => <Bytes value={getValue()} />,
  }),
  column.accessor('ImageCreate', {
    header: () => <SortableHeader column="ImageCreate" label="Created" />,
    meta: { align: 'end', width: '7.5rem' },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} never="—" />,
  }),
  column.accessor('ImageUpdate', {
    header: () => <SortableHeader column="ImageUpdate" label="Updated" />,
    meta: { align: 'end', width: '7.5rem' },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} never="—" />,
  }),
]);
