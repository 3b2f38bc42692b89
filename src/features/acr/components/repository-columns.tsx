import type { MouseEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Text } from '../../../components/cells';
import { createDataTableColumnHelper } from '../../../components/data-table';
import { patchSearchParams } from '../../../lib/url-state';
import type { AcrRepository } from '../../../shared/contracts';
import { AcrColumnHeading, AcrEnumLabel, timeColumn } from './acr-labels';
import { AcrStatusBadge } from './acr-status-badge';
import { useOpenRepository } from './open-repository';

const column = createDataTableColumnHelper<AcrRepository>();

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
    header: () => <AcrColumnHeading column="repository" />,
    cell: ({ row }) => <RepositoryLink repository={row.original} />,
  }),
  column.accessor('RepoStatus', {
    header: () => <AcrColumnHeading column="status" />,
    meta: { width: '8rem' },
    cell: ({ getValue }) => <AcrStatusBadge status={getValue()} />,
  }),
  column.accessor('RepoType', {
    header: () => <AcrColumnHeading column="type" />,
    meta: { width: '6rem' },
    cell: ({ getValue }) => <AcrEnumLabel group="repoType" value={getValue()} />,
  }),
  column.accessor('RepoBuildType', {
    header: () => <AcrColumnHeading column="build" />,
    meta: { width: '6.5rem', optional: true },
    cell: ({ getValue }) => <AcrEnumLabel group="buildType" value={getValue()} />,
  }),
  column.accessor('Summary', {
    header: () => <AcrColumnHeading column="summary" />,
    meta: { width: '28%', optional: true },
    cell: ({ getValue }) => <Text value={getValue()} />,
  }),
  column.accessor('CreateTime', {
    header: () => <AcrColumnHeading column="created" />,
    ...timeColumn('7.5rem'),
  }),
  column.accessor('ModifiedTime', {
    header: () => <AcrColumnHeading column="modified" />,
    ...timeColumn('7.5rem'),
  }),
]);
