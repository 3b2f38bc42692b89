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
  const instances = facetOptions(facets, 'instance_id', view.instanceId);
  const namespaces = facetOptions(facets, 'namespace', view.namespaces);
  const statuses = facetOptions(facets, 'tag_status', view.tagStatus);
  const repoTypes = facetOptions(facets, 'repo_type', view.repoType);
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
      <SelectFilter
        label={t('tagList.instance')}
        value={view.instanceId}
        options={instances.values}
        optionLabel={withCount(instances.counts)}
        anyLabel={t('tagList.any')}
        onChange={(instanceId) => update({ instanceId })}
      />
      <SelectFilter
        label={t('columns.namespace')}
        value={view.namespaces}
        options={namespaces.values}
        optionLabel={withCount(namespaces.counts)}
        anyLabel={t('tagList.any')}
        onChange={(value) => update({ namespaces: value })}
      />
      <SelectFilter
        label={t('tagList.tagStatus')}
        value={view.tagStatus}
        options={statuses.values}
        optionLabel={withCount(statuses.counts, inWords('status'))}
        anyLabel={t('tagList.any')}
        onChange={(tagStatus) => update({ tagStatus })}
      />
      <SelectFilter
        label={t('tagList.repoType')}
        value={view.repoType}
        options={repoTypes.values}
        optionLabel={withCount(repoTypes.counts, inWords('repoType'))}
        anyLabel={t('tagList.any')}
        onChange={(repoType) => update({ repoType })}
      />
      <TextFilter
        label={t('columns.repository')}
        value={view.imageName}
        placeholder={t('repositories.namePlaceholder')}
        onCommit={(imageName) => update({ imageName })}
      />
      <TextFilter
        label={t('columns.tag')}
        value={view.imageVersion}
        onCommit={(imageVersion) => update({ imageVersion })}
      />
      <TextFilter
        label={t('columns.digest')}
        value={view.imageDigest}
        onCommit={(imageDigest) => update({ imageDigest })}
      />
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
