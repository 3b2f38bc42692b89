// The description of one image list (README.md here): everything the store, the routes, the
// sync, the facets, the risk summary and the export need to know about a list, in one object.
// The generic code (list-store.ts, facets.ts, routes, sync) reads these members and never
// branches on a list's name.
import type { RawBuilder } from 'kysely';
import type { z } from 'zod';
import type {
  ExportColumn,
  ExportLanguage,
  ExportValueStyle,
  ImageList,
  SearchSource,
  SegmentFilter,
} from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import type { InventoryDialect } from '../store/dialect';
import type { HssListClient } from '../sync/types';
import type { CallOptions, UpstreamApi, UpstreamResult } from '../upstream/types';
import type { Dimension } from './facets';
import type { ChangesQuery } from '../changes/change-feed';

/** What every list query has (the generic store reads these itself), and its other filters. */
export type ListQuery = Readonly<Record<string, unknown>> & {
  account?: string | undefined;
  enterprise_project_id?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
  sort_key?: string | undefined;
  sort_dir?: 'asc' | 'desc' | undefined;
  q?: string | undefined;
  start_latest_scan_time?: string | undefined;
  end_latest_scan_time?: string | undefined;
};

/** An export's query: the list's filters, which columns in which value style, the header's language. */
export type ExportQuery = Readonly<Record<string, unknown>> & {
  account?: string | undefined;
  enterprise_project_id?: string | undefined;
  columns?: readonly string[] | undefined;
  values?: ExportValueStyle | undefined;
  lang?: ExportLanguage | undefined;
};

/** A page of the upstream's list API, normalised by its client. */
export interface UpstreamListPage<Image> {
  total_num: number | null;
  data_list: Image[];
  skipped_records: number;
  skipped_members: number;
}

/** The query the sync sends for a page (the list's own time filters added by name). */
export type SyncPageQuery = {
  offset: number;
  limit: number;
  enterprise_project_id: string;
} & Record<string, string | number>;

/** A top image of the risk summary, as its query reads it. */
export interface RiskTopImage {
  key: string;
  image_id: string;
  namespace: string;
  image_name: string;
  image_version: string;
}

/** The list's filters beyond those every list has (filters.ts gives their meaning). */
export interface OwnFilters {
  /** Case-insensitive substrings; the parameter is the column. */
  contains: readonly string[];
  /** Exact matches; the parameter is the column. */
  equals: readonly string[];
  /** One of several enum values; the parameter is the column. */
  oneOf: readonly string[];
  /** Boolean parameters on a 0/1 column: parameter → column. */
  flags: Readonly<Record<string, string>>;
}

/**
 * What the one search (server/search) shows of a table's rows: locations of artifacts joined by
 * digest. A searchable table has the columns account, image_digest, image_id, namespace,
 * image_name and image_version (the lists' free-text search reads them too).
 */
export interface SearchDescription {
  /** What a location of this list says it is (`source`). */
  source: SearchSource;
  /** The columns naming one record, as a location shows them (the key first). */
  locationFields: readonly string[];
  /** The rows carry HSS scan results (scan_status, severity_level, the counts, latest_scan_time). */
  scanned: boolean;
}

/** A table the one search reads: an HSS list (spec below) or the ACR tags (acr.ts). */
export interface SearchableList {
  /** Its inventory version's name (store/inventory-version.ts). */
  name: InventoryList;
  table: string;
  /** Whose accounts hold its rows. */
  provider: 'huawei' | 'alibaba';
  search: SearchDescription;
  /** Its rows' order, as ListSpec's tieBreak. */
  tieBreak(plus: RawBuilder<unknown>, dir: RawBuilder<unknown>): RawBuilder<unknown>;
}

/** The lists of the inventory, each with a write version: the HSS lists and the ACR tags. */
export type InventoryList = ImageList | 'acr';

/** Where a list's data age is read: the HSS lists' sync engine, or the inventory (ACR's state). */
export interface SyncedAtSources {
  db: InventoryDb;
  sync: { syncedAt(account: string, list: ImageList): number | null };
}

/**
 * What every list of the inventory has for its list, facets and export routes (list-store.ts,
 * facets.ts, routes): the HSS lists (ListSpec below) and the ACR tags (acr.ts). `Q` is its
 * validated list query, `Row` what the BFF serves. Members taking `Q` are methods, so that a spec
 * of a narrower query still counts as an `InventoryListSpec`.
 */
export interface InventoryListSpec<Q extends ListQuery = ListQuery, Row = unknown> {
  /** Its inventory version's name (store/inventory-version.ts): the cache's and spool's key. */
  name: InventoryList;
  /** What the pages, the error messages and 404s call one image of the list. */
  label: string;
  /** Whose accounts hold its rows (the account a request names must be one of them). */
  provider: 'huawei' | 'alibaba';

  // Storage
  table: string;
  /** Every column of the table (the compiler checks it against the row type in tables.ts). */
  columns: readonly string[];
  /** Columns of epoch-ms times: read back as exact text, written to CSV as ISO 8601 UTC. */
  timeColumns: ReadonlySet<string>;
  /** The primary key's column (with `account`). */
  key: string;
  fromRow(row: Record<string, unknown>): Row;
  /**
   * SQLite: the row as JSON text, byte for byte `JSON.stringify(fromRow(row))` (answer-row.ts),
   * so that a page's rows are shaped by the statement that reads them, with `extraFields` after
   * its own (`'name', value, …`). Without it, by fromRow.
   */
  sqliteRowJson?(extraFields?: RawBuilder<unknown>): RawBuilder<string>;

  // Queries
  querySchema: z.ZodType<Q>;
  defaultLimit: number;
  ownFilters: OwnFilters;
  /** Time fields with start_/end_ filters (ranges of the upstream's semantics). */
  timeFields: readonly string[];
  /** Every `sort_key` its query takes (the contract's list). */
  sortKeys: readonly string[];
  /** The sort key that is the row order's tie break; no sort_key sorts by it too. */
  tieBreakKey: string;
  /** The tie break's `order by` terms, each written `${plus}column ${dir}`. */
  tieBreak(plus: RawBuilder<unknown>, dir: RawBuilder<unknown>): RawBuilder<unknown>;

  // Facets
  facetDimensions: readonly Dimension[];
  /** Fields whose top values are counted (top 50). */
  topFacetFields: readonly string[];

  // Export
  exportSchema: z.ZodType<ExportQuery>;
  exportColumns: readonly ExportColumn[];

  // One search (server/search): the list's rows as locations of artifacts joined by digest.
  // `search.scanned` also says whether the rows carry HSS scans: the risky facet, the basic
  // images (by digest, from HSS's enrichment) and the risk aggregates are those lists' only.
  search: SearchDescription;

  // Routes (paths from shared/contracts)
  routes: { list: string; facets: string; export: string };

  /** The list's data age: when its last sync of the account completed (null: never). */
  syncedAt(sources: SyncedAtSources, account: string): Promise<number | null>;

  /** Rows grouped in families (the registry's multi-architecture images, ListSpec below). */
  families?: RowFamilies<Row> & {
    /** Computed export columns (family facts), by key. */
    exportColumns?(dialect: InventoryDialect): Record<string, RawBuilder<unknown>>;
  };
}

/** How a list shows its rows' families (the registry's multi-architecture images). */
export interface RowFamilies<Row> {
  /** Rows with their family (roll-up or parent), for every answer that shows rows. */
  decorate(db: InventoryDb, account: string, rows: readonly Row[]): Promise<Row[]>;
  /**
   * The same, for a page computed in one read batch (list-store.ts): the reads that find the
   * families of the list's rows (under an alias) that pass `isRow`, and each stored row's family
   * from them.
   */
  pageReads(
    dialect: InventoryDialect,
    account: string,
    isRow: (alias: string) => RawBuilder<unknown>,
  ): ReadonlyArray<RawBuilder<unknown>>;
  /** The stored columns `pageFamily` reads of each page row. */
  pageColumns: readonly string[];
  /**
   * SQLite: statements that read, whole, the indexes the page's family reads seek (list-store.ts
   * pageFileWarmUp).
   */
  sqliteWarmUp?: readonly string[];
  /**
   * SQLite: `pageReads`' facts as columns of the statement that reads the page's rows (of the
   * list's table, unaliased), and `pageReads`' rows from the page's rows read with them.
   */
  sqlitePageColumns?: {
    columns(): RawBuilder<unknown>;
    reads(
      rows: ReadonlyArray<Record<string, unknown>>,
    ): ReadonlyArray<ReadonlyArray<Record<string, unknown>>>;
  };
  /** From the rows of `pageReads`: the fields a stored page row's answer adds (its family). */
  pageFamily(
    reads: ReadonlyArray<ReadonlyArray<Record<string, unknown>>>,
  ): (stored: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * One HSS list. `Q` is its validated list query, `Image` the upstream record, `Row` what the BFF
 * serves, `Table` the stored row.
 */
export interface ListSpec<
  Q extends ListQuery = ListQuery,
  Image = unknown,
  Row = unknown,
> extends InventoryListSpec<Q, Row> {
  name: ImageList;
  provider: 'huawei';

  // Upstream and sync
  api: UpstreamApi;
  /** The upstream record, normalised (tolerant: absent fields take their defaults). */
  recordSchema: z.ZodType<Image>;
  fetchPage(
    client: HssListClient,
    query: SyncPageQuery,
    options: CallOptions,
  ): Promise<UpstreamResult<UpstreamListPage<Image>>>;
  /** The time fields an incremental cycle asks by (each a `start_<field>` filter upstream). */
  watermarkFields: readonly string[];
  /** Columns naming one repository: a new latest version clears the others' latest_version. */
  supersedeKey: readonly string[];

  /** The stored row (its table's interface in tables.ts): column name → value. */
  toRow(account: string, image: Image, seenAt: number): object;
  /** A by-id lookup that misses its key may also try this column (when exactly one row has it). */
  fallbackKey?: string;

  // Risk summary
  risk: {
    /** `kind=<name>` plus the list's filters (no paging). */
    querySchema: z.ZodType<ListQuery & { kind?: string | undefined }>;
    typeField: 'image_type' | 'pipeline_type';
    typeValues: readonly string[];
    registryField: 'registry_name' | 'cicd_name';
    /** The columns between severity/scan status and the risk flags in the `*_summary` index (0015). */
    summaryColumns: readonly string[];
    /** The filter that lists one top image in the explorer. */
    topImageFilter(row: RiskTopImage): SegmentFilter;
  };

  // Change feed (changes/change-feed.ts): the list's filters plus event type, since, until
  changesSchema: z.ZodType<ChangesQuery>;

  routes: { list: string; facets: string; export: string; byId: string };
  /** The path parameter of the by-id route and its schema. */
  byIdParam: { name: string; schema: z.ZodType<string> };

  /** The registry's multi-architecture families (multi-arch.ts); absent for other lists. */
  families?: RowFamilies<Row> & {
    /** After an incremental upsert: copies of changed rows embedded in their associates. */
    refreshCopies(db: InventoryDb, account: string, images: readonly Image[]): Promise<void>;
    /** Computed export columns (family facts), by key. */
    exportColumns(dialect: InventoryDialect): Record<string, RawBuilder<unknown>>;
  };
}

/** The lists with HSS scans (`search.scanned`) have the risk aggregates and basic images. */
export const isScannedList = <Q extends ListQuery>(
  spec: InventoryListSpec<Q>,
): spec is ListSpec<Q> => spec.search.scanned;
