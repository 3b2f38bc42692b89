// Filtering, sorting and paging of the simulated HSS lists. The BFF's inventory implements the
// same semantics, so they are stated here precisely:
//
// - Text filters `namespace`, `image_name`, `image_version`, `registry_name`, `instance_name`,
//   `cicd_name`, and `os_name` (basic images): case-insensitive substring.
// - `instance_id`, `image_id`: exact; an empty value does not filter (as an absent one). Enums (`image_type`, `scan_status`, `severity_level`,
//   `pipeline_type`): exact; `scan_status=failed` matches only `failed`, not `download_failed`
//   or `image_oversized` (those are not filter values).
// - `latest_version=true`: only latest versions; `false`: no filter.
// - `has_vul=true`: vul_num > 0, `false`: vul_num = 0; likewise `has_malicious_file` with
//   malicious_file_num and `has_unsafe_setting` with unsafe_setting_num. `risky=true`: any of the
//   three > 0; `false`: all three = 0. `is_multarch`: equality with is_multiple_arch.
// - `image_size=N`: images of at least N bytes.
// - Time ranges are inclusive. Only `start_x` → [start, now]; only `end_x` → [0, end]. Images
//   without that time (never scanned) are excluded whenever a range on it is given.
// - `enterprise_project_id` is accepted and ignored (every image is in the default project).
// - Order: with `sort_key=latest_scan_time`, ascending by scan time with images without one first
//   and ties by id ascending; `sort_dir=desc` is the exact reverse. Without `sort_key` (and
//   `sort_dir` alone is ignored): repository images by `id` ascending, CI/CD images by `image_id`
//   ascending (byte order), so offset paging is stable.
// - `offset` (default 0), `limit` (default 10); `total_num` is the filtered count, and an offset
//   past the end gives an empty list with that count.
import type { ZodError } from 'zod';
import {
  ListImageBasicImageQuerySchema,
  PIPELINE_TYPES,
  REGISTRY_IMAGE_TYPES,
  SCAN_STATUSES,
  SEVERITY_LEVELS,
  firstIssue,
  searchParamsToRecord,
  type ListImageBasicImageQuery,
  type ParamIssue,
} from '../shared/contracts';
import {
  basicImagesOf,
  type BasicImageRecord,
  type CicdImageRecord,
  type Estate,
  type InPlaceChange,
  type RegistryImageRecord,
  type SimTime,
} from './estate';
import {
  validateCicdImagesQuery,
  validateRegistryImagesQuery,
  type SimulatorListQuery,
} from './validate';

const DEFAULT_LIMIT = 10;

// ---------------------------------------------------------------------------------------------
// Parsing

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issue: ParamIssue };

function parseWith<T>(
  schema: {
    safeParse(input: unknown): { success: true; data: T } | { success: false; error: ZodError };
  },
  params: URLSearchParams,
): ParseResult<T> {
  const record = searchParamsToRecord(params);
  if (!record.ok) return record;
  const parsed = schema.safeParse(record.value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issue: firstIssue(parsed.error) };
}

// The two list APIs are checked by the simulator's own reading of the vendor tables
// (validate.ts), never by the BFF's schemas: a mistake there must be able to show.
export const parseRegistryImagesQuery = (
  params: URLSearchParams,
): ParseResult<SimulatorListQuery> => validateRegistryImagesQuery(params);
export const parseCicdImagesQuery = (params: URLSearchParams): ParseResult<SimulatorListQuery> =>
  validateCicdImagesQuery(params);
export const parseBasicImageQuery = (
  params: URLSearchParams,
): ParseResult<ListImageBasicImageQuery> => parseWith(ListImageBasicImageQuerySchema, params);

// ---------------------------------------------------------------------------------------------
// Column index: typed arrays built once per estate version so that a page costs one tight loop.

interface DictColumn {
  codes: Uint32Array;
  /** Distinct values, lower-cased for substring matching. */
  lower: string[];
  values: string[];
  /** Each value's code. */
  lookup: Map<string, number>;
}

interface ColumnIndex {
  version: number;
  rows: number;
  dict: Record<string, DictColumn>;
  /** Bits: 1 latest, 2 multi-arch, 4 has vul, 8 has malicious file, 16 has unsafe setting. */
  flags: Uint8Array;
  size: Float64Array;
  /** NaN where the image has no such time; a double, so past 2^53 only an approximation. */
  times: Record<string, Float64Array>;
  /** The times as stored (bigint past 2^53): ties of the doubles are settled on these. */
  exactTimes: Record<string, (SimTime | null)[]>;
  /** Row indexes by (scan time, nulls first; then natural order). */
  scanAsc: Int32Array;
}

const FLAG_LATEST = 1;
const FLAG_MULTIARCH = 2;
const FLAG_VUL = 4;
const FLAG_MALICIOUS = 8;
const FLAG_UNSAFE = 16;
/** Any of vul, malicious file or unsafe setting. */
const FLAG_RISKY = 32;

type Row = RegistryImageRecord | CicdImageRecord;

/** From 2^53 on, doubles skip integers: equal doubles may be different times. */
const UNSAFE_FROM = 2 ** 53;

function compareExact(a: SimTime | null, b: SimTime | null): number {
  if (a === null || b === null) return 0;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function codeOf(column: DictColumn, value: string): number {
  let code = column.lookup.get(value);
  if (code === undefined) {
    code = column.values.length;
    column.lookup.set(value, code);
    column.values.push(value);
    column.lower.push(value.toLowerCase());
  }
  return code;
}

/** Puts row `i`'s values into every column of `index` (all but the scan order). */
function indexRow(index: ColumnIndex, row: Row, i: number): void {
  for (const [field, column] of Object.entries(index.dict)) {
    column.codes[i] = codeOf(
      column,
      String((row as unknown as Record<string, unknown>)[field] ?? ''),
    );
  }
  index.flags[i] =
    (row.latest_version ? FLAG_LATEST : 0) |
    ('is_multiple_arch' in row && row.is_multiple_arch ? FLAG_MULTIARCH : 0) |
    (row.vul_num > 0 ? FLAG_VUL : 0) |
    (row.malicious_file_num > 0 ? FLAG_MALICIOUS : 0) |
    (row.unsafe_setting_num > 0 ? FLAG_UNSAFE : 0) |
    (row.vul_num + row.malicious_file_num + row.unsafe_setting_num > 0 ? FLAG_RISKY : 0);
  index.size[i] = row.image_size;
  for (const [field, times] of Object.entries(index.times)) {
    const value = (row as unknown as Record<string, unknown>)[field];
    const time = typeof value === 'number' || typeof value === 'bigint' ? value : null;
    times[i] = time === null ? NaN : Number(time);
    (index.exactTimes[field] as (SimTime | null)[])[i] = time;
  }
}

/** The scan order's comparison of two rows: scan time (none first), then position. */
function scanOrder(index: ColumnIndex): (a: number, b: number) => number {
  const scan = index.times['latest_scan_time'];
  const exactScan = index.exactTimes['latest_scan_time'];
  const key = (i: number) => {
    const time = scan?.[i] ?? NaN;
    return Number.isNaN(time) ? -1 : time;
  };
  return (a, b) => {
    const keyA = key(a);
    const byDouble = keyA - key(b);
    if (byDouble !== 0 || keyA < UNSAFE_FROM || !exactScan) return byDouble || a - b;
    return compareExact(exactScan[a] ?? null, exactScan[b] ?? null) || a - b;
  };
}

function buildIndex<T extends Row>(
  rows: readonly T[],
  version: number,
  dictFields: readonly (keyof T & string)[],
  timeFields: readonly (keyof T & string)[],
): ColumnIndex {
  const n = rows.length;
  const index: ColumnIndex = {
    version,
    rows: n,
    dict: Object.fromEntries(
      dictFields.map((field) => [
        field,
        { codes: new Uint32Array(n), values: [], lower: [], lookup: new Map() },
      ]),
    ),
    flags: new Uint8Array(n),
    size: new Float64Array(n),
    times: Object.fromEntries(timeFields.map((field) => [field, new Float64Array(n)])),
    exactTimes: Object.fromEntries(
      timeFields.map((field) => [field, new Array<SimTime | null>(n)]),
    ),
    scanAsc: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) indexRow(index, rows[i] as T, i);
  for (let i = 0; i < n; i++) index.scanAsc[i] = i;
  index.scanAsc.sort(scanOrder(index));
  return index;
}

/** Row `i` changed in place: its columns again, and its place in the scan order. */
function patchRow(index: ColumnIndex, row: Row, i: number): void {
  const order = index.scanAsc;
  const last = order.length - 1;
  const at = order.indexOf(i);
  order.copyWithin(at, at + 1);
  indexRow(index, row, i);
  const compare = scanOrder(index);
  let low = 0;
  let high = last;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(order[middle] as number, i) < 0) low = middle + 1;
    else high = middle;
  }
  order.copyWithin(low + 1, low, last);
  order[low] = i;
}

const registryIndexes = new WeakMap<Estate, ColumnIndex>();
const cicdIndexes = new WeakMap<Estate, ColumnIndex>();

const REGISTRY_DICT_FIELDS = [
  'namespace',
  'image_name',
  'image_version',
  'registry_name',
  'instance_name',
  'instance_id',
  'image_type',
  'scan_status',
  'severity_level',
] as const satisfies readonly (keyof RegistryImageRecord)[];
const CICD_DICT_FIELDS = [
  'namespace',
  'image_name',
  'image_version',
  'cicd_name',
  'image_id',
  'pipeline_type',
  'scan_status',
  'severity_level',
] as const satisfies readonly (keyof CicdImageRecord)[];

let wholeBuilds = 0;

/** How many indexes were built whole so far (tests check that a re-scan patches instead). */
export function queryIndexBuilds(): number {
  return wholeBuilds;
}

/** One list's index: where it is cached, its rows, and what is indexed of them. */
interface IndexSpec<T extends Row> {
  cache: WeakMap<Estate, ColumnIndex>;
  rows(estate: Estate): readonly T[];
  changedRows(change: InPlaceChange): readonly number[];
  dictFields: readonly (keyof T & string)[];
  timeFields: readonly (keyof T & string)[];
}

const REGISTRY_INDEX: IndexSpec<RegistryImageRecord> = {
  cache: registryIndexes,
  rows: (estate) => estate.registryImages,
  changedRows: (change) => change.registryRows,
  dictFields: REGISTRY_DICT_FIELDS,
  timeFields: ['latest_update_time', 'latest_scan_time', 'latest_sync_time'],
};

const CICD_INDEX: IndexSpec<CicdImageRecord> = {
  cache: cicdIndexes,
  rows: (estate) => estate.cicdImages,
  changedRows: (change) => change.cicdRows,
  dictFields: CICD_DICT_FIELDS,
  timeFields: ['latest_update_time', 'latest_scan_time'],
};

/**
 * The estate's index of one list: as it is while the estate's version stands, patched when every
 * change since was in place (estate.inPlaceChanges), else built again.
 */
function cachedIndex<T extends Row>(spec: IndexSpec<T>, estate: Estate): ColumnIndex {
  const cached = spec.cache.get(estate);
  if (cached && cached.version === estate.version) return cached;
  const rows = spec.rows(estate);
  const since = cached
    ? estate.inPlaceChanges.filter((change) => change.version > cached.version)
    : [];
  if (cached && cached.rows === rows.length && since.length === estate.version - cached.version) {
    for (const change of since)
      for (const i of spec.changedRows(change)) patchRow(cached, rows[i] as T, i);
    cached.version = estate.version;
    return cached;
  }
  wholeBuilds++;
  const index = buildIndex(rows, estate.version, spec.dictFields, spec.timeFields);
  spec.cache.set(estate, index);
  return index;
}

const registryIndex = (estate: Estate): ColumnIndex => cachedIndex(REGISTRY_INDEX, estate);
const cicdIndex = (estate: Estate): ColumnIndex => cachedIndex(CICD_INDEX, estate);

/** Builds the indexes ahead of the first request (the server calls this after generation and drift). */
export function warmQueryIndexes(estate: Estate): void {
  registryIndex(estate);
  cicdIndex(estate);
}

// ---------------------------------------------------------------------------------------------
// Filters

type Filter =
  | { kind: 'dict'; codes: Uint32Array; accept: Uint8Array }
  | { kind: 'flag'; bit: number; want: boolean }
  | { kind: 'risky'; want: boolean }
  | { kind: 'atLeast'; column: Float64Array; min: number }
  | {
      kind: 'range';
      column: Float64Array;
      min: number;
      max: number;
      exact: { column: readonly (SimTime | null)[]; min: bigint; max: bigint };
    };

function dictFilter(
  index: ColumnIndex,
  field: string,
  match: (value: string, lower: string) => boolean,
): Filter {
  const column = index.dict[field];
  if (!column) throw new Error(`no index for ${field}`);
  const accept = new Uint8Array(column.values.length);
  for (let code = 0; code < column.values.length; code++) {
    accept[code] = match(column.values[code] as string, column.lower[code] as string) ? 1 : 0;
  }
  return { kind: 'dict', codes: column.codes, accept };
}

function buildFilters(
  index: ColumnIndex,
  query: SimulatorListQuery,
  now: number,
  spec: { substring: readonly string[]; exact: readonly string[]; times: readonly string[] },
): Filter[] {
  const filters: Filter[] = [];
  for (const field of spec.substring) {
    const wanted = query[field];
    if (typeof wanted === 'string') {
      const needle = wanted.toLowerCase();
      filters.push(dictFilter(index, field, (_value, lower) => lower.includes(needle)));
    }
  }
  for (const field of spec.exact) {
    const wanted = query[field];
    // An empty value (instance_id and image_id allow length 0) does not filter.
    if (typeof wanted === 'string' && wanted !== '')
      filters.push(dictFilter(index, field, (value) => value === wanted));
  }
  if (query.latest_version === true) filters.push({ kind: 'flag', bit: FLAG_LATEST, want: true });
  if (typeof query['is_multarch'] === 'boolean') {
    filters.push({ kind: 'flag', bit: FLAG_MULTIARCH, want: query['is_multarch'] });
  }
  if (query.has_vul !== undefined)
    filters.push({ kind: 'flag', bit: FLAG_VUL, want: query.has_vul });
  if (query.has_malicious_file !== undefined) {
    filters.push({ kind: 'flag', bit: FLAG_MALICIOUS, want: query.has_malicious_file });
  }
  if (query.has_unsafe_setting !== undefined) {
    filters.push({ kind: 'flag', bit: FLAG_UNSAFE, want: query.has_unsafe_setting });
  }
  if (query.risky !== undefined) filters.push({ kind: 'risky', want: query.risky });
  if (query.image_size !== undefined)
    filters.push({ kind: 'atLeast', column: index.size, min: query.image_size });
  for (const field of spec.times) {
    const start = query[`start_${field}`];
    const end = query[`end_${field}`];
    if (typeof start !== 'string' && typeof end !== 'string') continue;
    const column = index.times[field];
    const exactColumn = index.exactTimes[field];
    if (!column || !exactColumn) continue;
    // Longs up to 2^63-1: the doubles decide all but ties, which the exact values settle.
    const min = typeof start === 'string' ? BigInt(start) : 0n;
    const max = typeof end === 'string' ? BigInt(end) : BigInt(now);
    filters.push({
      kind: 'range',
      column,
      min: Number(min),
      max: Number(max),
      exact: { column: exactColumn, min, max },
    });
  }
  return filters;
}

/** Filters split by kind, so that the per-row loop stays monomorphic. */
interface CompiledFilters {
  flagMask: number;
  flagWant: number;
  dicts: { codes: Uint32Array; accept: Uint8Array }[];
  ranges: {
    column: Float64Array;
    min: number;
    max: number;
    exact: { column: readonly (SimTime | null)[]; min: bigint; max: bigint } | undefined;
  }[];
  empty: boolean;
}

function compile(filters: readonly Filter[]): CompiledFilters {
  const compiled: CompiledFilters = {
    flagMask: 0,
    flagWant: 0,
    dicts: [],
    ranges: [],
    empty: filters.length === 0,
  };
  for (const filter of filters) {
    switch (filter.kind) {
      case 'dict':
        compiled.dicts.push({ codes: filter.codes, accept: filter.accept });
        break;
      case 'flag':
      case 'risky': {
        const bit = filter.kind === 'risky' ? FLAG_RISKY : filter.bit;
        if ((compiled.flagMask & bit) !== 0 && ((compiled.flagWant & bit) !== 0) !== filter.want) {
          // Contradictory (has_vul=true and has_vul=false cannot both be asked, but be safe).
          compiled.dicts.push({ codes: new Uint32Array(1), accept: new Uint8Array(1) });
        }
        compiled.flagMask |= bit;
        if (filter.want) compiled.flagWant |= bit;
        break;
      }
      case 'atLeast':
        compiled.ranges.push({
          column: filter.column,
          min: filter.min,
          max: Infinity,
          exact: undefined,
        });
        break;
      case 'range':
        compiled.ranges.push({
          column: filter.column,
          min: filter.min,
          max: filter.max,
          exact: filter.exact,
        });
        break;
    }
  }
  return compiled;
}

interface Page {
  total: number;
  rows: number[];
}

function page(
  index: ColumnIndex,
  filters: readonly Filter[],
  order: 'natural' | 'scan_asc' | 'scan_desc',
  offset: number,
  limit: number,
): Page {
  const n = index.rows;
  const rows: number[] = [];
  const end = offset + limit;
  const sorted = order === 'natural' ? undefined : index.scanAsc;
  const reverse = order === 'scan_desc';
  const rowAt = (position: number): number =>
    sorted === undefined ? position : (sorted[reverse ? n - 1 - position : position] as number);
  const compiled = compile(filters);
  if (compiled.empty) {
    for (let position = offset; position < Math.min(end, n); position++) rows.push(rowAt(position));
    return { total: n, rows };
  }
  const { flagMask, flagWant, dicts, ranges } = compiled;
  const flags = index.flags;
  const dictCount = dicts.length;
  const rangeCount = ranges.length;
  let total = 0;
  rowLoop: for (let position = 0; position < n; position++) {
    const row =
      sorted === undefined ? position : (sorted[reverse ? n - 1 - position : position] as number);
    if (((flags[row] as number) & flagMask) !== flagWant) continue;
    for (let f = 0; f < dictCount; f++) {
      const dict = dicts[f] as CompiledFilters['dicts'][number];
      if (dict.accept[dict.codes[row] as number] !== 1) continue rowLoop;
    }
    for (let f = 0; f < rangeCount; f++) {
      const range = ranges[f] as CompiledFilters['ranges'][number];
      const value = range.column[row] as number;
      // NaN (no such time) fails both comparisons and is excluded.
      if (!(value >= range.min && value <= range.max)) continue rowLoop;
      // Rounding is monotonic, so only a double equal to a bound can be on the wrong side.
      if ((value === range.min || value === range.max) && range.exact) {
        const exact = range.exact.column[row];
        if (exact === null || exact === undefined) continue rowLoop;
        const time = BigInt(exact);
        if (time < range.exact.min || time > range.exact.max) continue rowLoop;
      }
    }
    if (total >= offset && total < end) rows.push(row);
    total++;
  }
  return { total, rows };
}

function orderOf(query: {
  sort_key?: string;
  sort_dir?: string;
}): 'natural' | 'scan_asc' | 'scan_desc' {
  if (query.sort_key !== 'latest_scan_time') return 'natural';
  return query.sort_dir === 'desc' ? 'scan_desc' : 'scan_asc';
}

// ---------------------------------------------------------------------------------------------
// The three list APIs

export interface ListResult<T> {
  total_num: number;
  data_list: T[];
}

/** What differs between the two HSS image lists: their rows, index and filterable fields. */
interface SimulatedList<R> {
  rows: (estate: Estate) => readonly R[];
  index: (estate: Estate) => ColumnIndex;
  filters: { substring: readonly string[]; exact: readonly string[]; times: readonly string[] };
}

const REGISTRY_LIST: SimulatedList<RegistryImageRecord> = {
  rows: (estate) => estate.registryImages,
  index: registryIndex,
  filters: {
    substring: ['namespace', 'image_name', 'image_version', 'registry_name', 'instance_name'],
    exact: ['instance_id', 'image_type', 'scan_status', 'severity_level'],
    times: ['latest_update_time', 'latest_scan_time', 'latest_sync_time'],
  },
};

const CICD_LIST: SimulatedList<CicdImageRecord> = {
  rows: (estate) => estate.cicdImages,
  index: cicdIndex,
  filters: {
    substring: ['namespace', 'image_name', 'image_version', 'cicd_name'],
    exact: ['image_id', 'pipeline_type', 'scan_status', 'severity_level'],
    times: ['latest_update_time', 'latest_scan_time'],
  },
};

/** One page of `list` under the query's filters and order, with the total that match. */
function queryList<R>(
  estate: Estate,
  list: SimulatedList<R>,
  query: SimulatorListQuery,
  now: number,
): ListResult<R> {
  const index = list.index(estate);
  const filters = buildFilters(index, query, now, list.filters);
  const offset = query.offset ?? 0;
  const result = page(index, filters, orderOf(query), offset, query.limit ?? DEFAULT_LIMIT);
  const rows = list.rows(estate);
  return { total_num: result.total, data_list: result.rows.map((row) => rows[row] as R) };
}

export function queryRegistryImages(
  estate: Estate,
  query: SimulatorListQuery,
  now: number,
): ListResult<RegistryImageRecord> {
  return queryList(estate, REGISTRY_LIST, query, now);
}

export function queryCicdImages(
  estate: Estate,
  query: SimulatorListQuery,
  now: number,
): ListResult<CicdImageRecord> {
  return queryList(estate, CICD_LIST, query, now);
}

/**
 * ListImageBasicImage: a CI/CD image by image_type + image_id; any other image by image_type +
 * namespace + image_name + image_version (per the vendor page). Rows of a multi-architecture image
 * share those four, so the path's image_id picks among them; otherwise the first (lowest id) wins.
 * `undefined` when no image matches.
 */
export function queryBasicImages(
  estate: Estate,
  imageId: string,
  query: ListImageBasicImageQuery,
): ListResult<BasicImageRecord> | undefined {
  let image: { image_id: string; image_digest: string } | undefined;
  if (query.image_type === 'cicd') {
    image = estate.cicdById.get(imageId);
  } else {
    const index = registryIndex(estate);
    // Seed 000 marks namespace, image_name and image_version optional: filter by those given.
    const filters = [dictFilter(index, 'image_type', (value) => value === query.image_type)];
    for (const field of ['namespace', 'image_name', 'image_version'] as const) {
      const wanted = query[field];
      if (wanted !== undefined) filters.push(dictFilter(index, field, (value) => value === wanted));
    }
    const candidates = page(index, filters, 'natural', 0, Number.MAX_SAFE_INTEGER).rows.map(
      (row) => estate.registryImages[row] as RegistryImageRecord,
    );
    const fullyNamed =
      query.namespace !== undefined &&
      query.image_name !== undefined &&
      query.image_version !== undefined;
    // A fully named image is found by name even when the path carries another id (a record id).
    image =
      candidates.find((candidate) => candidate.image_id === imageId) ??
      (fullyNamed ? candidates[0] : undefined);
  }
  if (!image) return undefined;
  let list = basicImagesOf(image);
  if (query.os_name !== undefined) {
    const needle = query.os_name.toLowerCase();
    list = list.filter((entry) => entry.os_name.toLowerCase().includes(needle));
  }
  const offset = query.offset ?? 0;
  return {
    total_num: list.length,
    data_list: list.slice(offset, offset + (query.limit ?? DEFAULT_LIMIT)),
  };
}

/** Enum values the filters accept (exported for tests that enumerate them). */
export const FILTER_ENUMS = {
  image_type: REGISTRY_IMAGE_TYPES,
  scan_status: SCAN_STATUSES,
  severity_level: SEVERITY_LEVELS,
  pipeline_type: PIPELINE_TYPES,
} as const;
