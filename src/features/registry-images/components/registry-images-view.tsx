import { ServerDataTable, useServerTable } from '../../../components/data-table';
import { IgnoredParams } from '../../../components/feedback';
import { formatNumber } from '../../../lib/format';
import { PAGE_SIZES, useUrlListPage } from '../../../lib/use-url-query';
import { RegistryImagesListQuerySchema, type RegistryImage } from '../../../shared/contracts';
import { DataAge } from '../../sync-status/components/data-age';
import { useRegistryImages } from '../api/get-registry-images';
import { registryImageColumns } from './columns';

const getRowId = (image: RegistryImage) => image.id;

export function RegistryImagesView() {
  const page = useUrlListPage(RegistryImagesListQuerySchema);
  const query = useRegistryImages(page.params);
  const table = useServerTable({
    columns: registryImageColumns,
    rows: query.data?.data_list,
    total: query.data?.total_num,
    offset: page.offset,
    limit: page.limit,
    getRowId,
    onPageChange: page.setPage,
  });

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Repository images</h1>
          <p className="page-header__lead">
            Images in your SWR, enterprise, Harbor and JFrog repositories, as HSS scanned them
            (ListRegistryImages).
          </p>
        </div>
        <p className="page-header__meta">
          {query.data ? (
            <>
              <strong>{formatNumber(query.data.total_num)}</strong> images ·{' '}
              <DataAge syncedAt={query.data.synced_at} />
            </>
          ) : null}
        </p>
      </header>
      <IgnoredParams issues={page.ignored} />
      <ServerDataTable
        table={table}
        query={query}
        label="Repository images"
        noun="images"
        pageSizes={PAGE_SIZES}
        errorTitle="The repository images could not be loaded"
        onFirstPage={page.firstPage}
      />
    </>
  );
}
