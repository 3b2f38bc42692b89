import type { RowData } from '@tanstack/react-table';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RichMessage } from '../../../i18n/rich-message';
import {
  ColumnMenu,
  ServerDataTable,
  usePreferredServerTable,
  visibleExportKeys,
  type SortState,
} from '../../../components/data-table';
import { IgnoredParams } from '../../../components/feedback';
import { useFormatters } from '../../../i18n/format';
import { isApiError } from '../../../lib/api-client';
import { listColumnsKey } from '../../../lib/list-columns';
import { PAGE_SIZES, useOpenImage, useUrlListPage } from '../../../lib/use-url-query';
import type { ParamIssue } from '../../../shared/contracts';
import { DataAge } from '../../../components/data-age/data-age';
import { useFacets } from '../api/get-facets';
import { useImageList } from '../api/get-image-list';
import { filterParamLabels } from '../filter-definitions';
import { clearAllPatch } from '../filter-state';
import type { ListConfig } from '../list-config';
import { FilterBar } from './filter-bar';
import { PageHeader } from '../../../components/layout';

interface ImageListViewProps<TData extends RowData> {
  config: ListConfig<TData>;
  /** The detail panel for the open image, given the current page's rows. */
  renderDetail: (rows: TData[]) => ReactNode;
  /** The export action, given the list's parameters (no paging) and the visible export keys. */
  renderExport?: (params: Record<string, string>, columns: string[]) => ReactNode;
  /** The Save view action, given the visible columns' ids in display order. */
  renderSaveView?: (columns: string[]) => ReactNode;
}

const NO_ROWS: never[] = [];

/** A 400 from the BFF naming a parameter: shown beside that parameter's control. */
function parameterIssue(...errors: unknown[]): ParamIssue | undefined {
  for (const error of errors) {
    if (isApiError(error) && error.status === 400 && error.field) {
      // The message starts with the field ("limit must be ..."): keep only the rule.
      const message = error.message.startsWith(`${error.field} `)
        ? error.message.slice(error.field.length + 1)
        : error.message;
      return { field: error.field, message };
    }
  }
  return undefined;
}

/**
 * An image list page, as its configuration describes it (lists/*.ts): every filter, search, facets, server-side sort and paging, a column menu,
 * and the open image, all in the URL.
 */
export function ImageListView<TData extends RowData>({
  config,
  renderDetail,
  renderExport,
  renderSaveView,
}: ImageListViewProps<TData>) {
  const { t } = useTranslation('lists');
  const format = useFormatters();
  const { list, columns, getRowId, limitRange } = config;
  const title = t(config.title);
  const page = useUrlListPage(config.querySchema);
  const query = useImageList(config, page.params);
  const facets = useFacets(config, page.params);
  const { image, open } = useOpenImage();
  const { table, preferences } = usePreferredServerTable({
    preferencesKey: listColumnsKey(list),
    columns,
    page: query.data,
    offset: page.offset,
    limit: page.limit,
    getRowId,
    onPageChange: page.setPage,
  });
  const pageSizes = useMemo(
    () => PAGE_SIZES.filter((size) => size >= limitRange.min && size <= limitRange.max),
    [limitRange.min, limitRange.max],
  );
  const sortKey = page.record.sort_key;
  const sortDir = page.record.sort_dir;
  const sort: SortState | undefined = sortKey
    ? { key: sortKey, dir: sortDir === 'asc' ? 'asc' : 'desc' }
    : undefined;
  // What Export writes: the list's filters and sort (not the page), and the visible columns.
  const exportParams = useMemo(() => {
    const { offset: _offset, limit: _limit, ...rest } = page.apiRecord;
    return rest;
  }, [page.apiRecord]);
  const filtered = Object.keys(page.filters).length > 0;
  const issue = parameterIssue(query.error, facets.error);
  const clearAll = () => page.setFilters(clearAllPatch(config.filters));
  const rows = query.data?.data_list ?? NO_ROWS;

  return (
    <>
      <PageHeader title={title} lead={t(config.lead)}>
        <p className="page-header__meta">
          {query.data ? (
            <>
              <RichMessage
                ns="lists"
                i18nKey={filtered ? 'page.matching' : 'page.total'}
                values={{
                  n: query.data.total_num,
                  count: format.number(query.data.total_num),
                }}
                components={{ strong: <strong /> }}
              />{' '}
              · <DataAge syncedAt={query.data.synced_at} />
            </>
          ) : null}
        </p>
      </PageHeader>
      <IgnoredParams issues={page.ignored} labels={filterParamLabels(config.filters, t)} />
      <ServerDataTable
        table={table}
        query={query}
        label={title}
        noun={t('page.noun')}
        pageSizes={pageSizes}
        errorTitle={t(config.errorTitle)}
        onFirstPage={page.firstPage}
        onRowActivate={(row) => open(getRowId(row))}
        activeRowId={image}
        sort={sort}
        onSortChange={page.setSort}
        toolbar={
          <FilterBar
            list={config}
            record={page.record}
            facets={facets.data}
            issue={issue}
            onChange={page.setFilters}
            actions={
              <>
                <ColumnMenu table={table} columns={preferences} />
                {renderSaveView?.(
                  preferences.preferences.order.filter((id) =>
                    preferences.preferences.visible.includes(id),
                  ),
                )}
                {renderExport?.(exportParams, visibleExportKeys(table))}
              </>
            }
          />
        }
        noMatches={
          filtered
            ? {
                message: t('page.noMatches'),
                label: t('page.clearAllFilters'),
                onClear: clearAll,
              }
            : undefined
        }
      />
      {renderDetail(rows)}
    </>
  );
}
