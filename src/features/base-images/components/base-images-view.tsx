// The base-images page: one row per basic image across both lists, ranked "fix first" by the
// high-risk images each carries unless another sort is chosen; filters, sort and page in the URL;
// each row opens the explorer filtered to its images.
import { ExportLink } from '../../../components/access';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ColumnMenu, ServerDataTable, useUrlList } from '../../../components/data-table';
import { API_ROUTES, type BaseImageRow } from '../../../shared/contracts/facts';
import { useBaseImages } from '../api/get-base-images';
import {
  BASE_IMAGE_PAGE_SIZES,
  baseImagesApiParams,
  baseImagesSearch,
  explorerTarget,
  FIX_FIRST_SORT,
  isFixFirst,
  primaryList,
  readBaseImagesView,
  type BaseImagesView as View,
} from '../base-images-url-state';
import { baseImageColumns } from './base-image-columns';
import { BaseImageFilters } from './base-image-filters';
import { EnrichmentProgress } from './enrichment-progress';
import '../base-images.css';
import { PageHeader } from '../../../components/layout';

const rowId = (row: BaseImageRow) =>
  `${row.os_name}\u0000${row.os_version}\u0000${row.layer_digest}`;

/** The next URL keeps the account and language beside the view's own parameters. */
function keptParams(current: URLSearchParams) {
  const out = new URLSearchParams();
  for (const key of ['account', 'lang']) {
    const value = current.get(key);
    if (value !== null) out.set(key, value);
  }
  return out;
}

const apiParams = (view: View, current: URLSearchParams) =>
  baseImagesApiParams(view, current.get('account') ?? undefined);

export function BaseImagesView() {
  const { t, i18n } = useTranslation('baseImages');
  const navigate = useNavigate();
  const { view, update, query, table, preferences, setSort, exportHref, searchParams } = useUrlList(
    {
      read: readBaseImagesView,
      search: baseImagesSearch,
      keep: keptParams,
      apiParams,
      useList: useBaseImages,
      columns: baseImageColumns,
      preferencesKey: 'base-images',
      getRowId: rowId,
      exportRoute: API_ROUTES.baseImagesExport,
      language: i18n.language,
    },
  );
  const account = searchParams.get('account') ?? undefined;
  const openRow = (row: BaseImageRow) => {
    void navigate(explorerTarget(row, primaryList(row), account));
  };

  const filtered = view.osName !== '' || view.osVersion !== '' || view.eol.length > 0;
  const clear = filtered
    ? { label: t('filters.clear'), onClear: () => update({ osName: '', osVersion: '', eol: [] }) }
    : undefined;

  return (
    <div className="base-images">
      <PageHeader title={t('title')} lead={t('lead')}>
        <ExportLink route={API_ROUTES.baseImagesExport} href={exportHref}>
          {t('export')}
        </ExportLink>
      </PageHeader>
      {query.data ? <EnrichmentProgress enrichment={query.data.enrichment} /> : null}
      <section className="base-images__fix-first" aria-labelledby="fix-first-toggle">
        <button
          id="fix-first-toggle"
          type="button"
          className="button"
          aria-pressed={isFixFirst(view)}
          onClick={() => update({ sort: FIX_FIRST_SORT })}
        >
          {t('fixFirst.toggle')}
        </button>
        <p>{t('fixFirst.note')}</p>
      </section>
      <ServerDataTable
        table={table}
        query={query}
        label={t('label')}
        noun={t('noun')}
        pageSizes={BASE_IMAGE_PAGE_SIZES}
        errorTitle={t('errorTitle')}
        onFirstPage={() => update({ offset: 0 })}
        onRowActivate={openRow}
        sort={view.sort}
        onSortChange={setSort}
        toolbar={
          <BaseImageFilters
            view={view}
            osNames={query.data?.data_list.map((row) => row.os_name)}
            update={update}
            clear={clear}
            actions={<ColumnMenu table={table} columns={preferences} />}
          />
        }
        noMatches={clear && { ...clear, message: t('filters.noMatches') }}
      />
      <p className="table-note muted">{t('open.rowHint')}</p>
    </div>
  );
}
