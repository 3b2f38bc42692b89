// "All tags": every tag the inventory mirrors from ACR (GET /api/acr/tags), with the lists'
// features: filters with facet counts (instance, namespace, tag status, repository type), sort
// on any column, paging, CSV export of the filtered set and the mirror's age. The state is in the URL (acr-tag-list-state.ts).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportLink } from '../../../components/access';
import { DataAge } from '../../../components/data-age/data-age';
import { ColumnMenu, ServerDataTable, useUrlList } from '../../../components/data-table';
import {
  ClearFiltersButton,
  DayFilter,
  FilterBar,
  SelectFilter,
  TextFilter,
  type FilterClear,
} from '../../../components/filter-bar';
import { useFormatters } from '../../../i18n/format';
import type { AcrTagListRow, FacetsResponse } from '../../../shared/contracts';
import { API_ROUTES } from '../../../shared/contracts/facts';
import {
  acrTagListParams,
  acrTagListSearch,
  isFiltered,
  readAcrTagListView,
  TAG_LIST_PAGE_SIZES,
  TAG_LIST_PARAMS,
  type AcrTagListView,
} from '../acr-tag-list-state';
import { useAcrTagFacets, useAcrTagList } from '../api/get-acr-tag-list';
import { tagListColumns } from './tag-list-columns';

const rowId = (row: AcrTagListRow) => row.tag_key;

type Update = (next: Partial<AcrTagListView>) => void;

/** The facet's values (most frequent first), the chosen one kept even when not among them. */
function facetOptions(facets: FacetsResponse | undefined, field: string, chosen: string) {
  const buckets = facets?.facets[field] ?? [];
  const counts = new Map(buckets.map((bucket) => [bucket.value, bucket.count]));
  const values = buckets.map((bucket) => bucket.value).filter(Boolean);
  if (chosen && !counts.has(chosen)) values.unshift(chosen);
  return { values, counts };
}

/** The next URL keeps everything but this view's own parameters (the account, the view, …). */
function keptParams(current: URLSearchParams) {
  const out = new URLSearchParams(current);
  for (const key of TAG_LIST_PARAMS) out.delete(key);
  return out;
}

export function TagListPanel({ accountId }: { accountId: string }) {
  const { t, i18n } = useTranslation('acr');
  const { view, update, params, query, table, preferences, setSort, exportHref } = useUrlList({
    read: readAcrTagListView,
    search: acrTagListSearch,
    keep: keptParams,
    apiParams: (shown: AcrTagListView) => acrTagListParams(shown, accountId),
    useList: useAcrTagList,
    columns: tagListColumns,
    preferencesKey: 'acr-tags',
    getRowId: rowId,
    exportRoute: API_ROUTES.acrTagListExport,
    language: i18n.language,
  });
  const facets = useAcrTagFacets(params);
  const clear = isFiltered(view)
    ? {
        label: t('repositories.clearFilters'),
        onClear: () =>
          update({
            q: '',
            namespaces: '',
            instanceId: '',
            tagStatus: '',
            repoType: '',
            imageName: '',
            imageVersion: '',
            imageDigest: '',
            updatedFrom: '',
            updatedTo: '',
          }),
      }
    : undefined;

  return (
    <>
      <div className="acr-tag-list__meta">
        <p className="muted">
          {query.data ? (
            <>
              {t('tagList.dataAge')} <DataAge syncedAt={query.data.synced_at} />
            </>
          ) : null}
        </p>
        <ExportLink route={API_ROUTES.acrTagListExport} href={exportHref}>
          {t('tagList.export')}
        </ExportLink>
      </div>
      <ServerDataTable
        table={table}
        query={query}
        label={t('tagList.label')}
        noun={t('tagList.noun')}
        pageSizes={TAG_LIST_PAGE_SIZES}
        errorTitle={t('tagList.failed')}
        onFirstPage={() => update({ offset: 0 })}
        sort={view.sort}
        onSortChange={setSort}
        toolbar={
          <TagListFilters
            view={view}
            facets={facets.data}
            update={update}
            clear={clear}
            actions={<ColumnMenu table={table} columns={preferences} />}
          />
        }
        noMatches={clear && { ...clear, message: t('tagList.noMatch') }}
      />
    </>
  );
}

/** The select filters, in order: the view's field, its facet, its label, how ACR's values read. */
const SELECT_FILTERS = [
  { field: 'instanceId', facet: 'instance_id', label: 'tagList.instance', words: undefined },
  { field: 'namespaces', facet: 'namespace', label: 'columns.namespace', words: undefined },
  { field: 'tagStatus', facet: 'tag_status', label: 'tagList.tagStatus', words: 'status' },
  { field: 'repoType', facet: 'repo_type', label: 'tagList.repoType', words: 'repoType' },
] as const;

/** The text filters after them: the view's field, its label and its placeholder. */
const TEXT_FILTERS = [
  { field: 'imageName', label: 'columns.repository', placeholder: 'repositories.namePlaceholder' },
  { field: 'imageVersion', label: 'columns.tag', placeholder: undefined },
  { field: 'imageDigest', label: 'columns.digest', placeholder: undefined },
] as const;

interface TagListFiltersProps {
  view: AcrTagListView;
  facets: FacetsResponse | undefined;
  update: Update;
  clear: FilterClear | undefined;
  actions: ReactNode;
}

function TagListFilters({ view, facets, update, clear, actions }: TagListFiltersProps) {
  const { t, i18n } = useTranslation('acr');
  const format = useFormatters();
  // ACR's enum values in words where the catalogue knows them, as ACR sent them otherwise.
  const inWords = (group: 'status' | 'repoType') => (value: string) => {
    const key = `${group}.${value}`;
    return i18n.exists(key, { ns: 'acr' }) ? t(key) : value;
  };
  const withCount =
    (counts: Map<string, number>, word: (value: string) => string = (value) => value) =>
    (value: string) => {
      const count = counts.get(value);
      return count === undefined ? word(value) : `${word(value)} (${format.number(count)})`;
    };
  return (
    <FilterBar label={t('tagList.filters')} isSearch className="acr-tag-list__filters">
      <TextFilter
        label={t('tagList.search')}
        type="search"
        value={view.q}
        placeholder={t('tagList.searchPlaceholder')}
        onCommit={(q) => update({ q })}
      />
      {SELECT_FILTERS.map(({ field, facet, label, words }) => {
        const { values, counts } = facetOptions(facets, facet, view[field]);
        return (
          <SelectFilter
            key={field}
            label={t(label)}
            value={view[field]}
            options={values}
            optionLabel={withCount(counts, words && inWords(words))}
            anyLabel={t('tagList.any')}
            onChange={(value) => update({ [field]: value })}
          />
        );
      })}
      {TEXT_FILTERS.map(({ field, label, placeholder }) => (
        <TextFilter
          key={field}
          label={t(label)}
          value={view[field]}
          placeholder={placeholder && t(placeholder)}
          onCommit={(value) => update({ [field]: value })}
        />
      ))}
      <DayFilter
        label={t('tagList.updatedFrom')}
        value={view.updatedFrom}
        onChange={(updatedFrom) => update({ updatedFrom })}
      />
      <DayFilter
        label={t('tagList.updatedTo')}
        value={view.updatedTo}
        onChange={(updatedTo) => update({ updatedTo })}
      />
      <ClearFiltersButton clear={clear} />
      <div className="acr-tag-list__actions">{actions}</div>
    </FilterBar>
  );
}
