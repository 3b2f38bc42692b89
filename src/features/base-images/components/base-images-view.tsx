// The base-images page: one row per basic image across both lists, ranked "fix first" by the
// high-risk images each carries unless another sort is chosen; filters, sort and page in the URL;
// each row opens the explorer filtered to its images.
import { ExportLink } from '../../../components/access';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  ColumnMenu,
  ServerDataTable,
  useColumnPreferences,
  useServerTable,
  type SortState,
} from '../../../components/data-table';
import { buildUrl } from '../../../lib/api-client';
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

const rowId = (row: BaseImageRow) =>
  `${row.os_name}\u0000${row.os_version}\u0000${row.layer_digest}`;

export function BaseImagesView() {
  const { t, i18n } = useTranslation('baseImages');
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.toString();
  const view = useMemo(() => readBaseImagesView(new URLSearchParams(search)), [search]);
  const account = searchParams.get('account') ?? undefined;
  const params = useMemo(() => baseImagesApiParams(view, account), [view, account]);
  const query = useBaseImages(params);

  // Every change but paging goes back to the first page: page 3 of another set means nothing.
  const update = useCallback(
    (next: Partial<View>) =>
      setSearchParams((current) => {
        const merged = { ...readBaseImagesView(current), offset: 0, ...next };
        const out = new URLSearchParams();
        for (const key of ['account', 'lang']) {
          const value = current.get(key);
          if (value !== null) out.set(key, value);
        }
        for (const [key, value] of Object.entries(baseImagesSearch(merged)))
          if (value !== undefined) out.set(key, value);
        return out;
      }),
    [setSearchParams],
  );
  const onPageChange = useCallback(
    ({ offset, limit }: { offset: number; limit: number }) => update({ offset, limit }),
    [update],
  );
  const preferences = useColumnPreferences('base-images', baseImageColumns);
  const table = useServerTable({
    columns: baseImageColumns,
    rows: query.data?.data_list,
    total: query.data?.total_num,
    offset: view.offset,
    limit: view.limit,
    getRowId: rowId,
    onPageChange,
    columnVisibility: preferences.columnVisibility,
    columnOrder: preferences.preferences.order,
  });
  const openRow = (row: BaseImageRow) => {
    void navigate(explorerTarget(row, primaryList(row), account));
  };
  const setSort = (sort: SortState) =>
    update({ sort: { key: sort.key as View['sort']['key'], dir: sort.dir } });

  // The export: the same filters and sort, every row, the header in the page's language.
  const exportHref = buildUrl(API_ROUTES.baseImagesExport, {
    ...params,
    offset: undefined,
    limit: undefined,
    lang: i18n.language,
  });
  const filtered = view.osName !== '' || view.osVersion !== '' || view.eol.length > 0;
  const clearFilters = () => update({ osName: '', osVersion: '', eol: [] });

  return (
    <div className="base-images">
      <header className="page-header">
        <div>
          <h1>{t('title')}</h1>
          <p className="page-header__lead">{t('lead')}</p>
        </div>
        <ExportLink route={API_ROUTES.baseImagesExport} href={exportHref}>
          {t('export')}
        </ExportLink>
      </header>
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
            onClear={filtered ? clearFilters : undefined}
            actions={<ColumnMenu table={table} columns={preferences} />}
          />
        }
        noMatches={
          filtered ? (
            <>
              <p>{t('filters.noMatches')}</p>
              <button type="button" className="button" onClick={clearFilters}>
                {t('filters.clear')}
              </button>
            </>
          ) : undefined
        }
      />
      <p className="table-note muted">{t('open.rowHint')}</p>
    </div>
  );
}
