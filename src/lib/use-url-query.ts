import { use, useCallback, useMemo, useSyncExternalStore } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import { DEFAULT_PAGE_SIZE } from '../shared/contracts/facts';
import { isLazySchema, type LazySchema } from './lazy-schema';
import {
  isRelativeRangeCode,
  RELATIVE_RANGE_CODES,
  relativeRangeName,
  resolveRelativeRanges,
} from './relative-range';
import { patchSearchParams, readUrlQuery, type SearchPatch, type UrlQuery } from './url-state';

/**
 * The schema itself; a lazy one suspends the component (React `use`) until it has loaded. `use` is
 * called on every render, loaded or not: React requires a component that suspended on `use` to
 * call it again when it resumes (calling it only while loading logged "called use() to suspend …
 * did not call use() when it finished" whenever the chunk arrived after the first render). The
 * promise is marked fulfilled once loaded (lazy-schema.ts), so later renders do not suspend.
 */
function useLoadedSchema<S extends z.ZodType>(schema: S | LazySchema<S>): S {
  if (!isLazySchema(schema)) return schema;
  return use(schema.load());
}

/** The URL's query for a list schema, plus a writer that pushes a history entry (back works). */
export function useUrlQuery<S extends z.ZodObject>(
  schemaOrLazy: S | LazySchema<S>,
): UrlQuery<z.output<S>> & { patch: (patch: SearchPatch) => void } {
  const schema = useLoadedSchema(schemaOrLazy);
  const [searchParams, setSearchParams] = useSearchParams();
  const key = searchParams.toString();
  const query = useMemo(
    () => withRelativeRanges(readUrlQuery(new URLSearchParams(key), schema), key, schema),
    [key, schema],
  );
  const patch = useCallback(
    (changes: SearchPatch) => setSearchParams((current) => patchSearchParams(current, changes)),
    [setSearchParams],
  );
  return { ...query, patch };
}

/**
 * Adds the relative time ranges (`<name>_within`, lib/relative-range.ts) of the schema's time
 * filters to the record, or to `ignored` when their value is not one the app offers.
 */
function withRelativeRanges<T>(query: UrlQuery<T>, search: string, schema: z.ZodObject) {
  const record = { ...query.record };
  const ignored = [...query.ignored];
  for (const [key, value] of new URLSearchParams(search)) {
    const name = relativeRangeName(key);
    if (name === undefined || !(`start_${name}` in schema.shape) || key in record) continue;
    if (isRelativeRangeCode(value)) record[key] = value;
    else ignored.push({ field: key, message: `must be one of ${RELATIVE_RANGE_CODES.join(', ')}` });
  }
  return { ...query, record, ignored };
}

function subscribeToMinutes(onChange: () => void): () => void {
  const timer = setInterval(onChange, 15_000);
  return () => clearInterval(timer);
}
const currentMinute = () => Math.floor(Date.now() / 60_000) * 60_000;

/** The current time rounded down to the minute, re-rendering when the minute turns. */
function useCurrentMinute(): number {
  return useSyncExternalStore(subscribeToMinutes, currentMinute);
}

/** Every list page offers the same sizes; each lies within both APIs' limit ranges (1..200, 10..200). */
export const PAGE_SIZES = [10, 20, 50, 100, 200] as const;
/** The UI's default page size (the APIs default to 10, which is too short a screen). */
export { DEFAULT_PAGE_SIZE };

/** Parameters that are page state, not filters: they never count as an active filter. */
export const NON_FILTER_PARAMS = ['offset', 'limit', 'sort_key', 'sort_dir', 'account'] as const;

/**
 * A list's page state from the URL (`offset`, `limit` under the API's own names), the request
 * parameters for the BFF, and the writers that push a new history entry.
 */
export function useUrlListPage<S extends z.ZodObject>(schema: S | LazySchema<S>) {
  const url = useUrlQuery(schema);
  const offset = Number(url.record.offset ?? 0);
  const limit = Number(url.record.limit ?? DEFAULT_PAGE_SIZE);
  // What the BFF is asked: relative ranges counted back from the current minute (not from each
  // render's millisecond, which would make every render a new request).
  const minute = useCurrentMinute();
  const apiRecord = useMemo(() => resolveRelativeRanges(url.record, minute), [url.record, minute]);
  const params = useMemo(
    () => ({ ...apiRecord, offset: String(offset), limit: String(limit) }),
    [apiRecord, offset, limit],
  );
  const { patch } = url;
  const setPage = useCallback(
    (page: { offset: number; limit: number }) =>
      // offset=0 is the default: leave it out so the first page has the plain URL.
      patch({ offset: page.offset === 0 ? undefined : page.offset, limit: page.limit }),
    [patch],
  );
  const firstPage = useCallback(() => patch({ offset: undefined }), [patch]);
  // A new filter or sort makes a new result set: page 7 of the old one means nothing in it (and
  // may lie past its end), so every filter or sort change goes back to the first page.
  const setFilters = useCallback(
    (changes: SearchPatch) => patch({ ...changes, offset: undefined }),
    [patch],
  );
  const setSort = useCallback(
    (sort: { key: string; dir: 'asc' | 'desc' } | undefined) =>
      patch({ sort_key: sort?.key, sort_dir: sort?.dir, offset: undefined }),
    [patch],
  );
  /** The filters in the URL (what the BFF filters on), without paging and sort. */
  const filters = useMemo(() => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(url.record)) {
      if (!(NON_FILTER_PARAMS as readonly string[]).includes(key)) out[key] = value;
    }
    return out;
  }, [url.record]);
  return {
    offset,
    limit,
    params,
    record: url.record,
    apiRecord,
    filters,
    ignored: url.ignored,
    setPage,
    firstPage,
    setFilters,
    setSort,
  };
}

/** The open image (`image` in the URL): the record id or CI/CD image_id. */
export function useOpenImage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const image = searchParams.get('image');
  const open = useCallback(
    (id: string | null) => setSearchParams((current) => patchSearchParams(current, { image: id })),
    [setSearchParams],
  );
  return { image, open };
}
