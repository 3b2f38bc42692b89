// GET /api/base-images: the grouped rows (base-images-store.ts) filtered by end of life, sorted
// and paged, with the enrichment's progress and the overview's count of images on end-of-life
// bases. Computed through the query cache and admission like the lists' answers.
import {
  BASE_IMAGES_DEFAULT_SORT,
  BASE_IMAGES_LIMIT,
  type BaseImageRow,
  type BaseImagesEnrichment,
  type BaseImagesPage,
  type BaseImagesQuery,
  type BaseImagesSortKey,
} from '../../shared/contracts';
import type { InventoryDb } from '../store/db';
import { readInventoryVersion } from '../store/inventory-version';
import { NO_QUERY_CACHE, type QueryCache } from '../serving/query-cache';
import {
  classifyGroup,
  type BaseImageFilters,
  type BaseImageGroup,
  type ClassifyEndOfLife,
} from './base-images-store';
import { imagesOnEndOfLifeBases, keptAggregate } from './base-images-aggregate';

/** The live side of the enrichment (enrichment.ts): whether it runs, its calls, its pace. */
export interface EnrichmentProgress {
  enabled: boolean;
  /** ListImageBasicImage calls the look-up made for this account (this process). */
  calls(account: string): number;
  /** ms to ask `pending` more digests at the account's current budget. */
  etaMs(account: string, pending: number): number;
}

export const ENRICHMENT_OFF: EnrichmentProgress = {
  enabled: false,
  calls: () => 0,
  etaMs: () => 0,
};

/** The progress figures of an account from its counts and the live side. */
export function enrichmentStatus(
  counts: { known: number; total: number; none: number },
  account: string,
  progress: EnrichmentProgress,
): BaseImagesEnrichment {
  const pending = Math.max(0, counts.total - counts.known);
  return {
    enabled: progress.enabled,
    known: counts.known,
    total: counts.total,
    none: counts.none,
    calls: progress.calls(account),
    eta_ms: progress.enabled ? progress.etaMs(account, pending) : null,
  };
}

/** End-of-life statuses in the order a sort by `eol` puts them (worst first when descending). */
const EOL_RANK = { unknown: 0, supported: 1, ending: 2, eol: 3 } as const;

function sortValue(row: BaseImageRow, key: BaseImagesSortKey): string | number | null {
  if (key === 'eol') return EOL_RANK[row.eol];
  return row[key];
}

function compareValues(a: string | number | null, b: string | number | null): number {
  // Unknown values (no date, no scan) sort last whatever the direction (see sortRows).
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Sorted by `key`, then by images, then by the base's identity (a stable order for paging). */
export function sortRows(
  rows: readonly BaseImageRow[],
  key: BaseImagesSortKey,
  direction: 'asc' | 'desc',
): BaseImageRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const identity = (row: BaseImageRow) =>
    `${row.os_name}\u0000${row.os_version}\u0000${row.layer_digest}`;
  return [...rows].sort((left, right) => {
    const a = sortValue(left, key);
    const b = sortValue(right, key);
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else {
      const order = compareValues(a, b) * sign;
      if (order !== 0) return order;
    }
    if (left.images !== right.images) return right.images - left.images;
    return compareValues(identity(left), identity(right));
  });
}

export interface BaseImagesRequest {
  account: string;
  /** The user's namespace patterns (auth/request-scope.ts); none: unscoped. */
  scopeNamespaces?: readonly string[] | undefined;
  query: BaseImagesQuery;
  now: number;
  classify: ClassifyEndOfLife;
  progress: EnrichmentProgress;
  /** The client request's (aborts on disconnect); none for background work. */
  signal?: AbortSignal | undefined;
}

interface ComputedBaseImages {
  rows: BaseImageRow[];
  counts: { known: number; total: number; none: number };
  eolImages: number;
}

function matches(group: BaseImageGroup, filters: BaseImageFilters): boolean {
  return (
    (filters.os_name === undefined || group.os_name === filters.os_name) &&
    (filters.os_version === undefined || group.os_version === filters.os_version) &&
    (filters.layer_digest === undefined || group.layer_digest === filters.layer_digest)
  );
}

/** Every row of the answer under the filters, in order (the page and the export share it). */
export async function allBaseImages(
  db: InventoryDb,
  request: BaseImagesRequest,
  cache: QueryCache = NO_QUERY_CACHE,
): Promise<ComputedBaseImages & { enrichment: BaseImagesEnrichment }> {
  const { offset: _offset, limit: _limit, ...ordered } = request.query;
  const filters: BaseImageFilters = {
    os_name: ordered.os_name,
    os_version: ordered.os_version,
    layer_digest: ordered.layer_digest,
  };
  // Keyed on the repository list's version (the cache's key) plus the CI/CD list's: the answer
  // reads both lists and basic_images, whose writes move both versions (migration 0027).
  const cicdVersion = await readInventoryVersion(db, 'cicd');
  const computed = await cache.answer(
    db,
    {
      list: 'registry',
      kind: 'base-images',
      account: request.account,
      query: {
        ...ordered,
        account: request.account,
        cicdVersion,
        scope: request.scopeNamespaces ?? null,
      },
      // End-of-life statuses follow the calendar.
      dependsOnNow: true,
    },
    async (trx): Promise<ComputedBaseImages> => {
      // The sums kept on write (migration 0042), of the user's namespaces when scoped.
      const aggregate = await keptAggregate(trx, request.account, request.scopeNamespaces);
      const grouped = aggregate.groups
        .filter((group) => matches(group, filters))
        .map((group) => classifyGroup(group, request.now, request.classify));
      const wanted = ordered.eol === undefined ? undefined : new Set<string>(ordered.eol);
      const rows = sortRows(
        wanted === undefined ? grouped : grouped.filter((row) => wanted.has(row.eol)),
        ordered.sort_key ?? BASE_IMAGES_DEFAULT_SORT,
        ordered.sort_dir ?? 'desc',
      );
      // The overview card: images (each once) on an end-of-life base, estate-wide, as the lists
      // count them under basic_image_eol=true.
      const eolImages = imagesOnEndOfLifeBases(aggregate, request.now);
      return { rows, counts: aggregate.counts, eolImages };
    },
    request.signal,
  );
  return {
    ...computed,
    enrichment: enrichmentStatus(computed.counts, request.account, request.progress),
  };
}

export async function buildBaseImagesPage(
  db: InventoryDb,
  request: BaseImagesRequest,
  cache: QueryCache = NO_QUERY_CACHE,
): Promise<BaseImagesPage> {
  const all = await allBaseImages(db, request, cache);
  const offset = request.query.offset ?? 0;
  const limit = request.query.limit ?? BASE_IMAGES_LIMIT.default;
  return {
    total_num: all.rows.length,
    enrichment: all.enrichment,
    eol_images: all.eolImages,
    data_list: all.rows.slice(offset, offset + limit),
  };
}

/** An account's enrichment progress (GET /api/sync), its counts cached like the answers. */
export async function enrichmentSummary(
  db: InventoryDb,
  account: string,
  progress: EnrichmentProgress,
  cache: QueryCache = NO_QUERY_CACHE,
): Promise<BaseImagesEnrichment> {
  const cicdVersion = await readInventoryVersion(db, 'cicd');
  const counts = await cache.answer(
    db,
    {
      list: 'registry',
      kind: 'base-images',
      account,
      query: { progress: true, account, cicdVersion },
      dependsOnNow: false,
      status: true,
    },
    async (trx) => (await keptAggregate(trx, account)).counts,
  );
  return enrichmentStatus(counts, account, progress);
}
