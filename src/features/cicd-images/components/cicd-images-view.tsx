import { ServerDataTable, useServerTable } from '../../../components/data-table';
import { IgnoredParams } from '../../../components/feedback';
import { formatNumber } from '../../../lib/format';
import { PAGE_SIZES, useUrlListPage } from '../../../lib/use-url-query';
import { CicdImagesListQuerySchema, type CicdImage } from '../../../shared/contracts';
import { DataAge } from '../../sync-status/components/data-age';
import { useCicdImages } from '../api/get-cicd-images';
import { cicdImageColumns } from './columns';

// CI/CD images have no record id: image_id is their key (architecture.md, `image`).
const getRowId = (image: CicdImage) => image.image_id;

export function CicdImagesView() {
  const page = useUrlListPage(CicdImagesListQuerySchema);
  const query = useCicdImages(page.params);
  const table = useServerTable({
    columns: cicdImageColumns,
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
          <h1>CI/CD images</h1>
          <p className="page-header__lead">
            Images HSS scanned inside your Jenkins and CodeArts pipelines (ListCicdImages).
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
        label="CI/CD images"
        noun="images"
        pageSizes={PAGE_SIZES}
        errorTitle="The CI/CD images could not be loaded"
        onFirstPage={page.firstPage}
      />
    </>
  );
}
