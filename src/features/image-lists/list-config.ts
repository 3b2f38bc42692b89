// What one image list is, for the browser: everything a list page needs, so that a list page is
// a configuration (lists/registry.ts, lists/cicd.ts) rendered by one view (image-list-view.tsx).
import type { RowData } from '@tanstack/react-table';
import type { z } from 'zod';
import type { DataTableColumns } from '../../components/data-table';
import type { LazySchema } from '../../lib/lazy-schema';
import { API_ROUTES, type ImageList, type ListPage } from '../../shared/contracts/facts';
import {
  basicImageFilters,
  commonFilters,
  namespaceFilters,
  rangeFilters,
  textFilters,
  type BooleanFilter,
  type EnumFilter,
  type FilterDefinition,
  type TextParam,
} from './filter-definitions';

/**
 * The list's facts that do not depend on its row type: name, routes, parameters, filters, words.
 * Words are keys of the `lists` catalogue, translated where they are shown.
 */
export interface ListDescription {
  /** The contracts' list name: also the detail panel's kind and the export's list. */
  list: ImageList;
  /** The page's URL parameters, as the BFF validates them (loaded before the page reads its URL). */
  querySchema: LazySchema<z.ZodObject>;
  /** The API's page-size range (contracts REGISTRY_LIMIT / CICD_LIMIT). */
  limitRange: { min: number; max: number };
  routes: { page: string; facets: string; export: string };
  /** Every column key the export accepts, in the file's order (contracts *_EXPORT_COLUMNS). */
  exportColumnKeys: readonly string[];
  filters: readonly FilterDefinition[];
  title: string;
  lead: string;
  errorTitle: string;
}

export interface ListConfig<TRow extends RowData> extends ListDescription {
  /** Checks each answer; loaded when the first one arrives. */
  pageSchema: LazySchema<z.ZodType<ListPage<TRow>>>;
  columns: DataTableColumns<TRow>;
  /** The row's key: the value of `image` in the URL when the row is open. */
  getRowId: (row: TRow) => string;
}

/** A list's BFF routes: its page, facets and export (contracts API_ROUTES `<list>Images*`). */
export function listRoutes(list: ImageList): ListDescription['routes'] {
  return {
    page: API_ROUTES[`${list}Images`],
    facets: API_ROUTES[`${list}ImagesFacets`],
    export: API_ROUTES[`${list}ImagesExport`],
  };
}

/** What sets one image list apart; `imageListConfig` derives the rest the same way for each. */
export interface ImageListSpec<TRow extends RowData> {
  list: ImageList;
  querySchema: LazySchema<z.ZodObject>;
  pageSchema: LazySchema<z.ZodType<ListPage<TRow>>>;
  limitRange: { min: number; max: number };
  /** The export's columns (contracts *_EXPORT_COLUMNS), in the file's order. */
  exportColumns: readonly { key: string }[];
  /** The list's text filters after the namespace, in the panel's order. */
  textParams: readonly TextParam[];
  /** The list's own enum filter (image type, pipeline type), before the common ones. */
  ownEnum: EnumFilter;
  /** The list's own yes/no filters, after the common ones. */
  ownBooleans?: readonly BooleanFilter[];
  /** The list's time ranges (contracts *_TIME_RANGES). */
  timeRanges: readonly string[];
  columns: DataTableColumns<TRow>;
  getRowId: (row: TRow) => string;
}

/** An image list's configuration: its filters in the bar's order, routes and words by its name. */
export function imageListConfig<TRow extends RowData>(spec: ImageListSpec<TRow>): ListConfig<TRow> {
  const { list, querySchema } = spec;
  return {
    list,
    querySchema,
    pageSchema: spec.pageSchema,
    limitRange: spec.limitRange,
    routes: listRoutes(list),
    exportColumnKeys: spec.exportColumns.map((column) => column.key),
    filters: [
      ...namespaceFilters(),
      ...textFilters(spec.textParams),
      spec.ownEnum,
      ...commonFilters(...(spec.ownBooleans ?? [])),
      ...basicImageFilters(),
      ...rangeFilters(spec.timeRanges),
    ],
    columns: spec.columns,
    getRowId: spec.getRowId,
    title: `${list}.title`,
    lead: `${list}.lead`,
    errorTitle: `${list}.errorTitle`,
  };
}
