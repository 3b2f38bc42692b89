import type { MouseEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { RelativeTime } from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { patchSearchParams } from '../../../lib/url-state';
import type { AcrRepository } from '../../../shared/contracts';
import { AcrStatusBadge } from './acr-status-badge';
import { useOpenRepository } from './open-repository';

const column = createDataTableColumnHelper<AcrRepository>();

const REPO_TYPE_LABELS: Record<string, string> = { PRIVATE: 'Private', PUBLIC: 'Public' };
const BUILD_TYPE_LABELS: Record<string, string> = { MANUAL: 'Manual', AUTO: 'Automatic' };

/** The repository's name as a real link (open in a new tab, copy the address). */
function RepositoryLink({ repository }: { repository: AcrRepository }) {
  const [searchParams] = useSearchParams();
  const open = useOpenRepository();
  const search = patchSearchParams(searchParams, {
    repo: repository.RepoId,
    tagPageNo: null,
    tagSort: null,
    tagOrder: null,
  }).toString();
  return (
    <Link
      className="repo-link"
      to={{ search }}
      title={`${repository.RepoNamespaceName}/${repository.RepoName} (${repository.RepoId})`}
      onClick={(event: MouseEvent) => {
        // Plain clicks go through the router with the repository already known; modified
        // clicks (new tab, new window) keep the browser's own behaviour.
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        open(repository);
      }}
    >
      <span className="image-ref__ns">{repository.RepoNamespaceName}/</span>
      <span className="image-ref__name">{repository.RepoName}</span>
    </Link>
  );
}

/** ListRepository's fields, read from the typed row. */
export const repositoryColumns = column.columns([
  column.display({
    id: 'repository',
    header: 'Repository',
    cell: ({ row }) => <RepositoryLink repository={row.original} />,
  }),
  column.accessor('RepoStatus', {
    header: 'Status',
    meta: { width: '8rem' },
    cell: ({ getValue }) => <AcrStatusBadge status={getValue()} />,
  }),
  column.accessor('RepoType', {
    header: 'Type',
    meta: { width: '6rem' },
    cell: ({ getValue }) => REPO_TYPE_LABELS[getValue()] ?? (getValue() || '—'),
  }),
  column.accessor('RepoBuildType', {
    header: 'Build',
    meta: { width: '6.5rem', optional: true },
    cell: ({ getValue }) => BUILD_TYPE_LABELS[getValue()] ?? (getValue() || '—'),
  }),
  column.accessor('Summary', {
    header: 'Summary',
    meta: { width: '28%', optional: true },
    cell: ({ getValue }) =>
      getValue() ? (
        <span className="truncate" title={getValue()}>
          {getValue()}
        </span>
      ) : (
        <span className="muted">—</span>
      ),
  }),
  column.accessor('CreateTime', {
    header: 'Created',
    meta: { align: 'end', width: '6.5rem' },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} never="—" />,
  }),
  column.accessor('ModifiedTime', {
    header: 'Modified',
    meta: { align: 'end', width: '6.5rem' },
    cell: ({ getValue }) => <RelativeTime epochMs={getValue()} never="—" />,
  }),
]);
