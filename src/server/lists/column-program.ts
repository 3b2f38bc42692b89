// The column scan's own code (column-scan.ts): a list's rows of one account held as typed-array
// columns, and a plan (facets, a risk summary's counts, a page) counted over them in one pass per
// filter and per part. It runs in a worker thread from its source text (`columnProgramSource`,
// as the read pool's worker code does: no module can be loaded there in the bundled server), so
// the functions below are self-contained: no import, and no value of the module but each other
// (PROGRAM_FUNCTIONS lists them; types are erased). Tests also call them in-process.

/** Which columns a snapshot holds, by class; the rows are read in this order. */
export interface ColumnLayout {
  /** Text, dictionary-encoded (null kept as a value of its own). */
  text: string[];
  /** 0/1 columns, as codes 0, 1 and 2 (any other value). */
  flags: string[];
  /** Counts as codes: 1 when > 0, 0 when 0, 2 otherwise (null, negative). */
  counts: string[];
  /** Numbers as Float64 (NaN: null); a value past 2^53 or not a number marks the column inexact. */
  numbers: string[];
  /**
   * SQLite only: `numbers` holds `rowid`, and the rows' rowids in the list's tie-break order are
   * added (`addTieRowid`): a page's rows are then named by rowid in its order (the `page` part).
   */
  pages: boolean;
}

/** How a text column's value passes (tested once per distinct value). */
export type TextMatch =
  /** instr(lower(value), needle) > 0: `needle` already lower-cased as filters.ts does. */
  | { contains: string }
  | { equals: string }
  | { anyOf: string[] }
  /** lower(value) like one of the patterns: anchored regular expressions' sources. */
  | { patterns: string[] };

/** One filter condition, as plain data. */
export type ColumnTest =
  | { kind: 'text'; column: string; match: TextMatch }
  | { kind: 'flag'; column: string; code: number }
  | { kind: 'count'; column: string; positive: boolean }
  | { kind: 'risky'; columns: string[]; wanted: boolean }
  /** Inclusive bounds; a null value fails. */
  | { kind: 'range'; column: string; min: number | null; max: number | null }
  | { kind: 'null'; column: string; isNull: boolean }
  | { kind: 'never' }
  /**
   * `q` (filters.ts freeText): with `digest`, it in the digest and `reference` (if any) in
   * ns/name:tag; without, `reference` in ns/name:tag or `text` in the digest.
   */
  | {
      kind: 'search';
      columns: [string, string, string, string];
      reference: string;
      digest: string | null;
      text: string;
    }
  /** Some basic image of the row's digest has every given field. */
  | { kind: 'baseExact'; os: string | null; osVersion: string | null; layer: string | null }
  /** Some basic image of the row's digest is past its end of life on `today` (or none, `wanted` false). */
  | { kind: 'baseEol'; wanted: boolean; today: string };

/** What one part of the answer counts, over the rows passing its tests (indexes into `tests`). */
export type ColumnPart =
  /** The rows grouped by every listed column (counts as `> 0`, as facets.ts groups them). */
  | { kind: 'groups'; tests: number[]; columns: string[] }
  /** A text column's most frequent values: `limit`, by count then value (SQLite's binary order). */
  | { kind: 'top'; tests: number[]; column: string; limit: number }
  /** Each basic-image value (`field` of the digest's bases) counted once per matching image. */
  | { kind: 'bases'; tests: number[]; field: 'os_name' | 'os_version'; limit: number }
  /**
   * A number column's `rank`-th largest value (null values skipped): [[value]], the smallest
   * when fewer rows pass, [] when none (the risk summary's top images: where their walk ends).
   */
  | { kind: 'nth'; tests: number[]; column: string; rank: number }
  /**
   * A number column's passing rows per inclusive range, then those with no value:
   * [[count per range..., nulls]] (the risk summary's scan ages, in one pass).
   */
  | { kind: 'ranges'; tests: number[]; column: string; ranges: Array<[number, number]> }
  /**
   * The passing rows' rowids from `offset`, at most `limit`, in the list's order (list-store.ts
   * listOrder), then how many pass: [[rowid...], [count]]. `desc` is the exact reverse of
   * ascending.
   */
  | {
      kind: 'page';
      tests: number[];
      order: PageOrder;
      desc: boolean;
      offset: number;
      limit: number;
    };

/**
 * A page's order: the tie break alone; a column (nulls first ascending) or a rank of one
 * (filters.ts SEVERITY_RANK, SCAN_STATUS_RANK), then the tie break; or, for `q` without a sort
 * key, filters.ts searchRank (ascending) then the tie break.
 */
export type PageOrder =
  | { by: 'tie' }
  | { by: 'column'; column: string }
  | { by: 'rank'; column: string; ranks: Record<string, number>; otherwise: number }
  | {
      by: 'search';
      /** namespace, image_name, image_version, image_digest. */
      columns: [string, string, string, string];
      reference: string;
      /** The digest an exact match has (lower case). */
      digest: string;
    };

export interface ColumnPlan {
  tests: ColumnTest[];
  parts: ColumnPart[];
}

/** Per part: the groups as [value of each column..., count], or [value, count] pairs. */
export type ColumnAnswer = Array<Array<Array<string | number | null>>>;

/** A basic image row as the snapshot reads it (kind 'base' only). */
export type BaseRow = [
  digest: string,
  osName: string,
  osVersion: string,
  layer: string,
  eolDate: string,
];

interface TextColumn {
  ids: Uint32Array;
  values: Array<string | null>;
  lowered?: Array<string | null>;
  passTables?: Map<string, Uint8Array>;
}
/** What a snapshot is: its columns and dictionaries (`adopt` makes one of it in another worker). */
interface ShareableSnapshot {
  rows: number;
  text: Record<string, { ids: Uint32Array; values: Array<string | null> }>;
  flags: Record<string, Uint8Array>;
  counts: Record<string, Uint8Array>;
  numbers: Record<string, Float64Array>;
  inexact: Record<string, boolean>;
  /** Basic images by digest id (CSR): rows baseStart[d] .. baseStart[d + 1] - 1. */
  baseStart: Uint32Array;
  bases: string[][];
  /** Per basic-image field (1 OS, 2 OS version): each digest's distinct values (CSR of ids). */
  baseValues: Array<{ start: Uint32Array; ids: Uint32Array; names: string[] }>;
  /** Text columns holding a value read as another type (their order is not text's: no pages). */
  mixed: Record<string, boolean>;
  /** The rows in the tie break's order, and each row's place in it (layout.pages). */
  tieOrder: Uint32Array | undefined;
  tieRank: Uint32Array | undefined;
}

/** A snapshot as a worker holds it: with what it keeps of past answers. */
interface Snapshot extends ShareableSnapshot {
  text: Record<string, TextColumn>;
  groupings: Map<string, { keys: Uint32Array; combos: Array<Array<string | number | null>> }>;
  /** Ascending orders (rows by sort value, then tie break), made when first asked, a few kept. */
  orders: Map<string, Uint32Array>;
  /** The rows' failed tests of the last plans, by their tests (failedTests). */
  failed: Map<string, Uint32Array>;
  /** Per failed tests kept: the passing rows in a page's order (matchingInOrder). */
  matching: WeakMap<Uint32Array, Map<string, Uint32Array>>;
  /** Per number column: each row's value bucket (bucketsOf). */
  rangeBuckets: Map<
    string,
    { codes: Uint16Array; codeOf: (value: number) => number; codeCount: number }
  >;
}

function asciiLower(value: string): string {
  return /[A-Z]/.test(value) ? value.replace(/[A-Z]+/g, (run) => run.toLowerCase()) : value;
}

/** SQLite's binary order of text (UTF-8 bytes = code points), for the facets' ties. */
function compareText(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (an astral code point) sorts after every BMP code unit above it.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? (y >= 0xe000 ? 1 : x - y) : x >= 0xe000 ? -1 : x - y;
    return x - y;
  }
  return a.length - b.length;
}
/** A number read from a driver that may give integers as text or bigint (PostgreSQL). */
function numeric(raw: unknown): number | null {
  return typeof raw === 'number'
    ? raw
    : typeof raw === 'boolean'
      ? Number(raw)
      : typeof raw === 'bigint' || (typeof raw === 'string' && /^-?\d+$/.test(raw))
        ? Number(raw)
        : null;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return compareText(String(a), String(b));
}

/**
 * The memory of a snapshot's column of `bytes`: shared (a SharedArrayBuffer) when another worker
 * is to count over the same columns (`shareableOf`), so the arrays are not copied to it.
 */
function bufferOf(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

function createBuilder(layout: ColumnLayout, capacity: number, shared = false) {
  const dictionaries = layout.text.map(() => new Map<string | null, number>());
  const text = layout.text.map(() => ({
    ids: new Uint32Array(bufferOf(4 * capacity, shared)),
    values: [] as Array<string | null>,
  }));
  const flags = layout.flags.map(() => new Uint8Array(bufferOf(capacity, shared)));
  const counts = layout.counts.map(() => new Uint8Array(bufferOf(capacity, shared)));
  const numbers = layout.numbers.map(() => new Float64Array(bufferOf(8 * capacity, shared)));
  const inexact = layout.numbers.map(() => false);
  const mixed = layout.text.map(() => false);
  const tieRowids: number[] = [];
  const baseRows: BaseRow[] = [];
  let rows = 0;
  return {
    /** A row's values in the layout's order (text, flags, counts, numbers). */
    add(row: readonly unknown[]): void {
      if (rows >= capacity) throw new Error('more rows than counted');
      let at = 0;
      for (let c = 0; c < text.length; c += 1, at += 1) {
        const raw = row[at];
        const value = raw === null || raw === undefined ? null : String(raw);
        if (value !== null && typeof raw !== 'string') mixed[c] = true;
        const dictionary = dictionaries[c] as Map<string | null, number>;
        const column = text[c] as TextColumn;
        let id = dictionary.get(value);
        if (id === undefined) {
          id = column.values.length;
          column.values.push(value);
          dictionary.set(value, id);
        }
        column.ids[rows] = id;
      }
      for (let c = 0; c < flags.length; c += 1, at += 1) {
        const raw = numeric(row[at]);
        (flags[c] as Uint8Array)[rows] = raw === 0 || raw === 1 ? raw : 2;
      }
      for (let c = 0; c < counts.length; c += 1, at += 1) {
        const raw = numeric(row[at]);
        (counts[c] as Uint8Array)[rows] = raw === null ? 2 : raw > 0 ? 1 : raw === 0 ? 0 : 2;
      }
      for (let c = 0; c < numbers.length; c += 1, at += 1) {
        const raw = row[at];
        let value = Number.NaN;
        const number = numeric(raw);
        if (number !== null) {
          value = number;
          if (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)
            inexact[c] = true;
        } else if (raw !== null && raw !== undefined) inexact[c] = true;
        (numbers[c] as Float64Array)[rows] = value;
      }
      rows += 1;
    },
    addBase(row: BaseRow): void {
      baseRows.push(row);
    },
    /** The next rowid in the list's tie-break order (layout.pages). */
    addTieRowid(rowid: unknown): void {
      tieRowids.push(numeric(rowid) ?? Number.NaN);
    },
    finish(): Snapshot {
      const digestColumn = layout.text.indexOf('image_digest');
      const digests = digestColumn < 0 ? new Map() : dictionaries[digestColumn];
      const digestCount = digestColumn < 0 ? 0 : (text[digestColumn] as TextColumn).values.length;
      const perDigest = new Uint32Array(digestCount + 1);
      const known = baseRows.filter((row) => digests?.has(row[0]));
      for (const row of known) {
        const at = (digests?.get(row[0]) as number) + 1;
        perDigest[at] = (perDigest[at] as number) + 1;
      }
      for (let d = 0; d < digestCount; d += 1)
        perDigest[d + 1] = (perDigest[d + 1] as number) + (perDigest[d] as number);
      const bases: string[][] = new Array<string[]>(known.length);
      const next = perDigest.slice(0, digestCount);
      for (const row of known) {
        const d = digests?.get(row[0]) as number;
        bases[next[d] as number] = row;
        next[d] = (next[d] as number) + 1;
      }
      const baseValues = [0, 1, 2].map((field) => {
        const start = new Uint32Array(digestCount + 1);
        const found: number[] = [];
        const names: string[] = [];
        const idOf = new Map<string, number>();
        if (field > 0)
          for (let d = 0; d < digestCount; d += 1) {
            const seen = new Set<number>();
            for (let b = perDigest[d] as number; b < (perDigest[d + 1] as number); b += 1) {
              const name = (bases[b] as string[])[field] as string;
              let id = idOf.get(name);
              if (id === undefined) {
                id = names.push(name) - 1;
                idOf.set(name, id);
              }
              if (!seen.has(id)) found.push(id);
              seen.add(id);
            }
            start[d + 1] = found.length;
          }
        return { start, ids: Uint32Array.from(found), names };
      });
      const snapshot: Snapshot = {
        baseValues,
        rows,
        text: {},
        flags: {},
        counts: {},
        numbers: {},
        inexact: {},
        baseStart: perDigest,
        bases,
        groupings: new Map(),
        mixed: {},
        tieOrder: undefined,
        tieRank: undefined,
        orders: new Map(),
        failed: new Map(),
        matching: new WeakMap(),
        rangeBuckets: new Map(),
      };
      layout.text.forEach((name, c) => (snapshot.mixed[name] = mixed[c] as boolean));
      layout.text.forEach((name, c) => (snapshot.text[name] = text[c] as TextColumn));
      layout.flags.forEach((name, c) => (snapshot.flags[name] = flags[c] as Uint8Array));
      layout.counts.forEach((name, c) => (snapshot.counts[name] = counts[c] as Uint8Array));
      layout.numbers.forEach((name, c) => {
        snapshot.numbers[name] = numbers[c] as Float64Array;
        snapshot.inexact[name] = inexact[c] as boolean;
      });
      if (layout.pages) tieOrderOf(snapshot, tieRowids, shared);
      return snapshot;
    },
  };
}

/**
 * The rows in the tie break's order from their rowids in that order (read by SQL, which knows
 * the order exactly): left undefined (no pages) unless each row is named once.
 */
function tieOrderOf(snapshot: Snapshot, tieRowids: readonly number[], shared: boolean): void {
  const rowids = snapshot.numbers.rowid;
  const n = snapshot.rows;
  if (rowids === undefined || snapshot.inexact.rowid === true || tieRowids.length !== n) return;
  let largest = 0;
  for (let i = 0; i < n; i += 1) largest = Math.max(largest, rowids[i] as number);
  // Rowids are dense after a first crawl: an array by rowid, else a map.
  const dense = largest <= 4 * n + 1_000_000;
  const byRowid = dense ? new Int32Array(largest + 1).fill(-1) : undefined;
  const byRowidMap = dense ? undefined : new Map<number, number>();
  for (let i = 0; i < n; i += 1) {
    const rowid = rowids[i] as number;
    if (byRowid !== undefined && rowid >= 0) byRowid[rowid] = i;
    else byRowidMap?.set(rowid, i);
  }
  const order = new Uint32Array(bufferOf(4 * n, shared));
  const rank = new Uint32Array(bufferOf(4 * n, shared));
  const seen = new Uint8Array(n);
  for (let k = 0; k < n; k += 1) {
    const rowid = tieRowids[k] as number;
    const row =
      byRowid !== undefined ? (rowid >= 0 ? byRowid[rowid] : undefined) : byRowidMap?.get(rowid);
    if (row === undefined || row < 0 || seen[row] === 1) return;
    seen[row] = 1;
    order[k] = row;
    rank[row] = k;
  }
  snapshot.tieOrder = order;
  snapshot.tieRank = rank;
}

/**
 * The rows in ascending order of `order` (ties by the tie break), kept for the next pages;
 * undefined when the snapshot cannot tell it exactly (no tie order, a mixed or inexact column).
 */
function ascendingOrder(snapshot: Snapshot, order: PageOrder): Uint32Array | undefined {
  const { tieOrder, tieRank } = snapshot;
  if (tieOrder === undefined || tieRank === undefined) return undefined;
  if (order.by === 'tie' || order.by === 'search') return tieOrder;
  const key = JSON.stringify(order);
  const kept = snapshot.orders.get(key);
  if (kept !== undefined) return kept;
  const n = snapshot.rows;
  const valueRank = sortValueRanks(snapshot, order);
  if (valueRank === undefined) return undefined;
  // Value rank then tie rank, packed in one exact double (both < n, n² < 2^53) and sorted
  // natively; the tie rank gives the row back.
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i += 1) packed[i] = (valueRank[i] as number) * n + (tieRank[i] as number);
  packed.sort();
  const sorted = new Uint32Array(n);
  for (let k = 0; k < n; k += 1) sorted[k] = tieOrder[(packed[k] as number) % n] as number;
  // A few kept (4 MiB each at 1,000,000 rows).
  if (snapshot.orders.size >= 6)
    snapshot.orders.delete(snapshot.orders.keys().next().value as string);
  snapshot.orders.set(key, sorted);
  return sorted;
}

/** Each row's place among the distinct values of the order's column (null first). */
function sortValueRanks(
  snapshot: Snapshot,
  order: Extract<PageOrder, { by: 'column' | 'rank' }>,
): Uint32Array | undefined {
  const n = snapshot.rows;
  const ranks = new Uint32Array(n);
  const text = snapshot.text[order.column];
  if (text !== undefined) {
    if (snapshot.mixed[order.column] === true) return undefined;
    const byId = new Uint32Array(text.values.length);
    if (order.by === 'rank')
      text.values.forEach((value, id) => {
        byId[id] =
          value !== null && Object.hasOwn(order.ranks, value)
            ? (order.ranks[value] as number)
            : order.otherwise;
      });
    else {
      const ids = Array.from(text.values.keys());
      ids.sort((a, b) => compareValues(text.values[a] ?? null, text.values[b] ?? null));
      let place = 0;
      ids.forEach((id, at) => {
        if (at > 0 && compareValues(text.values[ids[at - 1] as number], text.values[id]) !== 0)
          place += 1;
        byId[id] = place;
      });
    }
    for (let i = 0; i < n; i += 1) ranks[i] = byId[text.ids[i] as number] as number;
    return ranks;
  }
  const values = snapshot.numbers[order.column];
  if (values === undefined || order.by === 'rank' || snapshot.inexact[order.column] === true)
    return undefined;
  const distinct = Float64Array.from(values.filter((value) => !Number.isNaN(value))).sort();
  let size = 0;
  for (let k = 0; k < distinct.length; k += 1)
    if (size === 0 || distinct[k] !== distinct[size - 1]) distinct[size++] = distinct[k] as number;
  for (let i = 0; i < n; i += 1) {
    const value = values[i] as number;
    if (Number.isNaN(value)) continue;
    // Nulls are 0; values from 1 in ascending order.
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((distinct[middle] as number) < value) low = middle + 1;
      else high = middle;
    }
    ranks[i] = low + 1;
  }
  return ranks;
}

/**
 * filters.ts searchRank of a row (0 the exact reference `namespace/name:tag` or digest, 1
 * `namespace/name` or `name:tag`, 2 the name, namespace or tag, 3 otherwise), compared on the
 * lower-cased values without building the joined text: only passing rows are ranked. A null
 * part equals nothing (SQL's null in a concatenation or comparison).
 */
function searchRanker(
  snapshot: Snapshot,
  order: Extract<PageOrder, { by: 'search' }>,
): (i: number) => number {
  const columns = order.columns.map((name) => {
    const column = snapshot.text[name];
    if (column === undefined) throw new Error(`no column ${name}`);
    return { ids: column.ids, values: loweredValues(column) };
  });
  const reference = order.reference;
  const valueOf = (c: number, i: number): string | null => {
    const column = columns[c] as { ids: Uint32Array; values: Array<string | null> };
    return column.values[column.ids[i] as number] ?? null;
  };
  /** `reference` is `first` + `separator` + `second` (or more parts), in order. */
  const joins = (parts: ReadonlyArray<string | null>, separators: readonly string[]): boolean => {
    let at = 0;
    for (let p = 0; p < parts.length; p += 1) {
      const part = parts[p];
      if (part === null || part === undefined || !reference.startsWith(part, at)) return false;
      at += part.length;
      if (p < separators.length) {
        if (reference[at] !== separators[p]) return false;
        at += 1;
      }
    }
    return at === reference.length;
  };
  return (i) => {
    const namespace = valueOf(0, i);
    const name = valueOf(1, i);
    const tag = valueOf(2, i);
    if (valueOf(3, i) === order.digest || joins([namespace, name, tag], ['/', ':'])) return 0;
    if (joins([namespace, name], ['/']) || joins([name, tag], [':'])) return 1;
    if (name === reference || namespace === reference || tag === reference) return 2;
    return 3;
  };
}

/** A page of the passing rows (`page` part): their rowids in the order asked, then their count. */
function pageOf(
  snapshot: Snapshot,
  failed: Uint32Array,
  mask: number,
  part: Extract<ColumnPart, { kind: 'page' }>,
): Array<Array<number>> | undefined {
  const rows = matchingInOrder(snapshot, failed, mask, part.order);
  const rowids = snapshot.numbers.rowid;
  if (rows === undefined || rowids === undefined) return undefined;
  const page: number[] = [];
  const end = Math.min(rows.length, part.offset + part.limit);
  for (let k = part.offset; k < end; k += 1)
    page.push(rowids[rows[part.desc ? rows.length - 1 - k : k] as number] as number);
  return [page, [rows.length]];
}

/**
 * The rows passing `mask` of `failed`, in ascending `order` (a search's by its rank, then the tie
 * break), kept beside the failed tests for the next pages of the same filter and order: a page
 * is then a slice.
 */
function matchingInOrder(
  snapshot: Snapshot,
  failed: Uint32Array,
  mask: number,
  order: PageOrder,
): Uint32Array | undefined {
  let byOrder = snapshot.matching.get(failed);
  if (byOrder === undefined) {
    byOrder = new Map();
    snapshot.matching.set(failed, byOrder);
  }
  const key = `${mask} ${JSON.stringify(order)}`;
  const kept = byOrder.get(key);
  if (kept !== undefined) return kept;
  const ascending = ascendingOrder(snapshot, order);
  if (ascending === undefined) return undefined;
  let matching = 0;
  for (let k = 0; k < ascending.length; k += 1)
    if (((failed[ascending[k] as number] as number) & mask) === 0) matching += 1;
  let rows = new Uint32Array(matching);
  let at = 0;
  for (let k = 0; k < ascending.length; k += 1) {
    const i = ascending[k] as number;
    if (((failed[i] as number) & mask) === 0) rows[at++] = i;
  }
  if (order.by === 'search') {
    // Stable by rank: the tie order within each.
    const rank = searchRanker(snapshot, order);
    const ranks = Uint8Array.from(rows, (i) => rank(i));
    const starts = [0, 0, 0, 0, 0];
    for (const place of ranks) starts[place + 1] = (starts[place + 1] as number) + 1;
    for (let r = 1; r < 5; r += 1) starts[r] = (starts[r] as number) + (starts[r - 1] as number);
    const ranked = new Uint32Array(matching);
    rows.forEach((i, k) => {
      const place = ranks[k] as number;
      ranked[starts[place] as number] = i;
      starts[place] = (starts[place] as number) + 1;
    });
    rows = ranked;
  }
  // Two kept per filter (4 bytes a matching row: at most 32 MiB over the four filters at 1M).
  if (byOrder.size >= 2) byOrder.delete(byOrder.keys().next().value as string);
  byOrder.set(key, rows);
  return rows;
}

/**
 * The snapshot as a message to another worker: its columns (shared memory when built with
 * `shared`: sent, not copied) and dictionaries (copied), not what it keeps of past answers.
 */
function shareableOf(snapshot: Snapshot): ShareableSnapshot {
  const text: ShareableSnapshot['text'] = {};
  for (const [name, column] of Object.entries(snapshot.text))
    text[name] = { ids: column.ids, values: column.values };
  const { rows, flags, counts, numbers, inexact, baseStart, bases, baseValues, mixed } = snapshot;
  const { tieOrder, tieRank } = snapshot;
  return {
    rows,
    text,
    flags,
    counts,
    numbers,
    inexact,
    baseStart,
    bases,
    baseValues,
    mixed,
    tieOrder,
    tieRank,
  };
}

/** A snapshot another worker built (`shareableOf`), with nothing kept yet. */
function adopt(shared: ShareableSnapshot): Snapshot {
  return {
    ...shared,
    groupings: new Map(),
    orders: new Map(),
    failed: new Map(),
    matching: new WeakMap(),
    rangeBuckets: new Map(),
  };
}

/** The typed arrays' bytes (the dictionaries' strings are not counted). */
function bytesOf(snapshot: Snapshot): number {
  let bytes = snapshot.baseStart.byteLength;
  for (const column of Object.values(snapshot.text)) bytes += column.ids.byteLength;
  for (const group of [snapshot.flags, snapshot.counts, snapshot.numbers])
    for (const array of Object.values(group)) bytes += array.byteLength;
  const kept = [...snapshot.orders.values(), ...snapshot.failed.values()];
  for (const array of [snapshot.tieOrder, snapshot.tieRank, ...kept])
    bytes += array?.byteLength ?? 0;
  return bytes;
}

function loweredValues(column: TextColumn): Array<string | null> {
  column.lowered ??= column.values.map((value) => (value === null ? null : asciiLower(value)));
  return column.lowered;
}

/** passTable's, kept per column (16) for the requests that follow (the same filter, refined). */
function passTable(column: TextColumn, match: TextMatch): Uint8Array {
  column.passTables ??= new Map();
  const key = JSON.stringify(match);
  const kept = column.passTables.get(key);
  if (kept !== undefined) return kept;
  const table = computePassTable(column, match);
  if (column.passTables.size >= 16)
    column.passTables.delete(column.passTables.keys().next().value as string);
  column.passTables.set(key, table);
  return table;
}

/** 1 where the distinct value passes, 0 where not, 2 for null (which fails every match). */
function computePassTable(column: TextColumn, match: TextMatch): Uint8Array {
  const values = column.values;
  const table = new Uint8Array(values.length);
  if ('contains' in match) {
    const lowered = loweredValues(column);
    for (let v = 0; v < values.length; v += 1) {
      const value = lowered[v];
      table[v] = value === null || value === undefined ? 2 : value.includes(match.contains) ? 1 : 0;
    }
  } else if ('equals' in match) {
    for (let v = 0; v < values.length; v += 1)
      table[v] = values[v] === null ? 2 : values[v] === match.equals ? 1 : 0;
  } else if ('anyOf' in match) {
    const wanted = new Set(match.anyOf);
    for (let v = 0; v < values.length; v += 1) {
      const value = values[v];
      table[v] = value === null || value === undefined ? 2 : wanted.has(value) ? 1 : 0;
    }
  } else {
    const patterns = match.patterns.map((source) => new RegExp(source));
    const lowered = loweredValues(column);
    for (let v = 0; v < values.length; v += 1) {
      const value = lowered[v];
      table[v] =
        value === null || value === undefined
          ? 2
          : patterns.some((pattern) => pattern.test(value))
            ? 1
            : 0;
    }
  }
  return table;
}

/** Per digest id: 1 when the digest's basic images pass the test. */
function digestTable(snapshot: Snapshot, test: ColumnTest): Uint8Array {
  const digestCount = snapshot.baseStart.length - 1;
  const table = new Uint8Array(digestCount);
  for (let d = 0; d < digestCount; d += 1) {
    let found = false;
    for (let b = snapshot.baseStart[d] as number; b < (snapshot.baseStart[d + 1] as number); b++) {
      const row = snapshot.bases[b] as string[];
      if (test.kind === 'baseExact') {
        if (
          (test.os === null || row[1] === test.os) &&
          (test.osVersion === null || row[2] === test.osVersion) &&
          (test.layer === null || row[3] === test.layer)
        ) {
          found = true;
          break;
        }
      } else if (test.kind === 'baseEol') {
        const eol = row[4] as string;
        if (eol !== '' && eol < test.today) {
          found = true;
          break;
        }
      }
    }
    table[d] = test.kind === 'baseEol' && !test.wanted ? (found ? 0 : 1) : found ? 1 : 0;
  }
  return table;
}

/** Marks with `bit` the rows that fail `test`; false when the snapshot cannot tell exactly. */
function applyTest(snapshot: Snapshot, test: ColumnTest, bit: number, failed: Uint32Array) {
  const n = snapshot.rows;
  const textOf = (name: string): TextColumn => {
    const column = snapshot.text[name];
    if (column === undefined) throw new Error(`no column ${name}`);
    return column;
  };
  switch (test.kind) {
    case 'text': {
      const column = textOf(test.column);
      const pass = passTable(column, test.match);
      const ids = column.ids;
      for (let i = 0; i < n; i += 1)
        if (pass[ids[i] as number] !== 1) failed[i] = (failed[i] as number) | bit;
      return true;
    }
    case 'flag':
    case 'count': {
      const codes = (test.kind === 'flag' ? snapshot.flags : snapshot.counts)[test.column];
      if (codes === undefined) return false;
      const wanted = test.kind === 'flag' ? test.code : test.positive ? 1 : 0;
      for (let i = 0; i < n; i += 1)
        if (codes[i] !== wanted) failed[i] = (failed[i] as number) | bit;
      return true;
    }
    case 'risky': {
      const columns = test.columns.map((name) => snapshot.counts[name]);
      const [a, b, c] = columns;
      if (a === undefined || b === undefined || c === undefined) return false;
      for (let i = 0; i < n; i += 1) {
        const x = a[i] as number;
        const y = b[i] as number;
        const z = c[i] as number;
        // Codes 2 (null) are unknown in SQL: neither > 0 nor = 0.
        const pass = test.wanted ? x === 1 || y === 1 || z === 1 : x === 0 && y === 0 && z === 0;
        if (!pass) failed[i] = (failed[i] as number) | bit;
      }
      return true;
    }
    case 'range': {
      const values = snapshot.numbers[test.column];
      if (values === undefined || snapshot.inexact[test.column] === true) return false;
      const min = test.min ?? -Infinity;
      const max = test.max ?? Infinity;
      for (let i = 0; i < n; i += 1) {
        const value = values[i] as number;
        if (!(value >= min && value <= max)) failed[i] = (failed[i] as number) | bit;
      }
      return true;
    }
    case 'null': {
      const values = snapshot.numbers[test.column];
      if (values === undefined || snapshot.inexact[test.column] === true) return false;
      for (let i = 0; i < n; i += 1) {
        const isNull = Number.isNaN(values[i]);
        if (isNull !== test.isNull) failed[i] = (failed[i] as number) | bit;
      }
      return true;
    }
    case 'never': {
      for (let i = 0; i < n; i += 1) failed[i] = (failed[i] as number) | bit;
      return true;
    }
    case 'search': {
      const version = textOf(test.columns[2]);
      const digest = textOf(test.columns[3]);
      const digestPass = passTable(digest, { contains: test.digest ?? test.text });
      const reference = test.reference;
      // `ns/name:tag` contains the needle where `ns/name` does, or the tag does, or (for each
      // ':' of the needle) `ns/name` ends with the text before it and the tag starts with the
      // text after it: an occurrence either covers the ':' written between them or not. So
      // the tags are tested once per distinct value, the `ns/name` pairs once per pair.
      const lv = loweredValues(version);
      const splits: Array<[string, string]> = [];
      for (let at = reference.indexOf(':'); at >= 0; at = reference.indexOf(':', at + 1))
        splits.push([reference.slice(0, at), reference.slice(at + 1)]);
      // One bit per split in a 32-bit number.
      if (splits.length > 29) return false;
      // Per distinct tag: bit 0 it contains the needle (a kept pass table), bit k + 1 it starts
      // with the text after the needle's k-th ':' (only for a needle with a ':').
      const inTag = passTable(version, { contains: reference });
      const tags =
        splits.length === 0
          ? inTag
          : Int32Array.from(lv, (tag, v) => {
              if (tag === null) return -1;
              let bits = inTag[v] === 1 ? 1 : 0;
              splits.forEach(([, after], k) => {
                if (tag.startsWith(after)) bits |= 2 << k;
              });
              return bits;
            });
      // The rows' distinct (namespace, name) pairs, kept with the snapshot.
      const pairs = groupingOf(snapshot, [test.columns[0], test.columns[1]]);
      if (pairs === undefined) return false;
      const pairBits = Int32Array.from(pairs.combos, ([a, b]) => {
        if (typeof a !== 'string' || typeof b !== 'string') return -1;
        const pair = `${asciiLower(a)}/${asciiLower(b)}`;
        let bits = pair.includes(reference) ? 1 : 0;
        splits.forEach(([before], k) => {
          if (pair.endsWith(before)) bits |= 2 << k;
        });
        return bits;
      });
      const referenceMatches = (i: number): boolean => {
        const tag = tags[version.ids[i] as number] as number;
        // A null tag: -1 in the bits, 2 in the pass table.
        if (tag < 0 || (splits.length === 0 && tag === 2)) return false;
        const pair = pairBits[pairs.keys[i] as number] as number;
        if (pair < 0) return false;
        return ((pair | tag) & 1) !== 0 || (pair & tag & ~1) !== 0;
      };
      const digestIds = digest.ids;
      for (let i = 0; i < n; i += 1) {
        const inDigest = digestPass[digestIds[i] as number] === 1;
        const pass =
          test.digest === null
            ? inDigest || referenceMatches(i)
            : inDigest && (reference === '' || referenceMatches(i));
        if (!pass) failed[i] = (failed[i] as number) | bit;
      }
      return true;
    }
    case 'baseExact':
    case 'baseEol': {
      const pass = digestTable(snapshot, test);
      const ids = textOf('image_digest').ids;
      for (let i = 0; i < n; i += 1)
        if (pass[ids[i] as number] !== 1) failed[i] = (failed[i] as number) | bit;
      return true;
    }
  }
}

/** Each row's group of the columns (ids of the distinct combinations), kept with the snapshot. */
function groupingOf(snapshot: Snapshot, columns: readonly string[]) {
  const key = columns.join('\u0000');
  const known = snapshot.groupings.get(key);
  if (known !== undefined) return known;
  const n = snapshot.rows;
  const readers = columns.map((name): ((i: number) => string | number | null) => {
    const text = snapshot.text[name];
    if (text !== undefined) return (i) => text.values[text.ids[i] as number] ?? null;
    const flags = snapshot.flags[name];
    if (flags !== undefined)
      return (i) => ((flags[i] as number) === 2 ? null : (flags[i] as number));
    const counts = snapshot.counts[name];
    if (counts !== undefined)
      return (i) => ((counts[i] as number) === 2 ? null : (counts[i] as number));
    throw new Error(`no column ${name}`);
  });
  // A combination's id by its columns' codes (mixed radix over each column's code count).
  const codeOf = columns.map((name): ((i: number) => number) => {
    const text = snapshot.text[name];
    if (text !== undefined) return (i) => text.ids[i] as number;
    const codes = snapshot.flags[name] ?? snapshot.counts[name] ?? new Uint8Array(0);
    return (i) => codes[i] as number;
  });
  const radix = columns.map((name) => snapshot.text[name]?.values.length ?? 3);
  // The combination's code must stay an exact integer.
  if (radix.reduce((product, size) => product * Math.max(1, size), 1) > Number.MAX_SAFE_INTEGER)
    return undefined;
  const keys = new Uint32Array(n);
  const ids = new Map<number, number>();
  const combos: Array<Array<string | number | null>> = [];
  for (let i = 0; i < n; i += 1) {
    let code = 0;
    for (let c = 0; c < columns.length; c += 1)
      code = code * (radix[c] as number) + (codeOf[c] as (i: number) => number)(i);
    let id = ids.get(code);
    if (id === undefined) {
      id = combos.length;
      ids.set(code, id);
      combos.push(readers.map((read) => read(i)));
    }
    keys[i] = id;
  }
  const grouping = { keys, combos };
  snapshot.groupings.set(key, grouping);
  return grouping;
}

function topValues(
  counts: Float64Array,
  valueOf: (id: number) => string | null,
  limit: number,
): Array<Array<string | number | null>> {
  const found: Array<[string | null, number]> = [];
  for (let id = 0; id < counts.length; id += 1)
    if ((counts[id] as number) > 0) found.push([valueOf(id), counts[id] as number]);
  found.sort((a, b) => b[1] - a[1] || compareValues(a[0], b[0]));
  return found.slice(0, limit);
}

/** The `rank` largest values of the passing rows kept sorted (descending) as the pass goes. */
function nthLargest(
  snapshot: Snapshot,
  failed: Uint32Array,
  mask: number,
  column: string,
  rank: number,
): Array<Array<number>> {
  const values = snapshot.numbers[column];
  if (values === undefined) throw new Error(`no column ${column}`);
  const kept = new Float64Array(rank);
  let size = 0;
  // Below it a value is not kept: -Infinity until `rank` are (the column has none: inexact).
  let floor = -Infinity;
  // A failing row's value plus -Infinity, with no branch on the filter (see passOf).
  const offset = Float64Array.of(-Infinity, 0);
  for (let i = 0; i < snapshot.rows; i += 1) {
    const value = (values[i] as number) + (offset[passOf((failed[i] as number) & mask)] as number);
    // NaN (null) fails too.
    if (!(value > floor)) continue;
    let at = size < rank ? size++ : rank - 1;
    while (at > 0 && (kept[at - 1] as number) < value) {
      kept[at] = kept[at - 1] as number;
      at -= 1;
    }
    kept[at] = value;
    if (size === rank) floor = kept[rank - 1] as number;
  }
  return size === 0 ? [] : [[kept[size - 1] as number]];
}

/**
 * 1 when a row's failed tests under a part's mask are none (`failed & mask` is 0), else 0,
 * computed rather than branched on: under a filter half the rows pass (a substring), a branch
 * per row mispredicted half the time (`nth`, `ranges`: 3-5 ms a pass at 1M).
 */
function passOf(masked: number): number {
  return ((masked | -masked) >>> 31) ^ 1;
}

/**
 * A number column's rows by bucket between its least and greatest value, kept with the
 * snapshot: `rangeCounts` counts the rows per bucket and compares values only in the buckets
 * where a range ends. Testing every range on every row mispredicted its branches (1M scan times
 * in 4 ranges: 17 ms of a pass, 5 ms by buckets). Codes: 0 for null, then 1.. by value, below
 * `codes` (65,536).
 */
function bucketsOf(snapshot: Snapshot, column: string, values: Float64Array) {
  const known = snapshot.rangeBuckets.get(column);
  if (known !== undefined) return known;
  const codeCount = 65_536;
  let least = Infinity;
  let greatest = -Infinity;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] as number;
    if (value < least) least = value;
    if (value > greatest) greatest = value;
  }
  const origin = least === Infinity ? 0 : least;
  const width = greatest > least ? Math.max(1, (greatest - least) / (codeCount - 536)) : 1;
  // Non-decreasing in the value (each step rounds monotonically): a code above an end's code
  // holds only values above that end, one below it only values below.
  const codeOf = (value: number) => 1 + Math.floor((value - origin) / width);
  const codes = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] as number;
    codes[i] = Number.isNaN(value) ? 0 : codeOf(value);
  }
  const kept = { codes, codeOf, codeCount };
  snapshot.rangeBuckets.set(column, kept);
  return kept;
}

function rangeCounts(
  snapshot: Snapshot,
  failed: Uint32Array,
  mask: number,
  part: { column: string; ranges: Array<[number, number]> },
): Array<Array<number>> {
  const values = snapshot.numbers[part.column];
  if (values === undefined) throw new Error(`no column ${part.column}`);
  const { codes, codeOf, codeCount } = bucketsOf(snapshot, part.column, values);
  const ranges = part.ranges.length;
  const lows = Float64Array.from(part.ranges.map((range) => range[0]));
  const highs = Float64Array.from(part.ranges.map((range) => range[1]));
  const counts = new Float64Array(ranges + 1);
  // The codes of each range's ends: their rows are compared with every range.
  const exact = new Uint8Array(2 * codeCount);
  const ends = part.ranges.map(([low, high]) => {
    const span = [codeOf(low), codeOf(high)];
    if (low <= high) for (const code of span) if (code >= 1 && code < codeCount) exact[code] = 1;
    return span;
  });
  // Failing rows are counted apart, in codes past codeCount (no branch on the filter).
  const perCode = new Float64Array(2 * codeCount);
  for (let i = 0; i < snapshot.rows; i += 1) {
    const code = (codes[i] as number) + codeCount * (1 - passOf((failed[i] as number) & mask));
    if (exact[code] !== 1) {
      perCode[code] = (perCode[code] as number) + 1;
      continue;
    }
    const value = values[i] as number;
    for (let r = 0; r < ranges; r += 1)
      if (value >= (lows[r] as number) && value <= (highs[r] as number))
        counts[r] = (counts[r] as number) + 1;
  }
  counts[ranges] = perCode[0] as number;
  // The codes strictly between a range's ends hold only values within it.
  ends.forEach(([from = 0, to = 0], r) => {
    if ((lows[r] as number) > (highs[r] as number)) return;
    for (let code = Math.max(1, from + 1); code < Math.min(codeCount, to); code += 1)
      counts[r] = (counts[r] as number) + (perCode[code] as number);
  });
  return [Array.from(counts)];
}

/**
 * Each row's failed tests as bits (bit t: tests[t]), or undefined when a test cannot be told
 * exactly here. The last few are kept: the next pages of one filter (a new offset, another sort)
 * test the rows again otherwise.
 */
function failedTests(snapshot: Snapshot, tests: readonly ColumnTest[]): Uint32Array | undefined {
  const key = JSON.stringify(tests);
  const kept = snapshot.failed.get(key);
  if (kept !== undefined) {
    // Most recently used last.
    snapshot.failed.delete(key);
    snapshot.failed.set(key, kept);
    return kept;
  }
  const failed = new Uint32Array(snapshot.rows);
  for (let t = 0; t < tests.length; t += 1)
    if (!applyTest(snapshot, tests[t] as ColumnTest, 1 << t, failed)) return undefined;
  // A few kept (4 MiB each at 1,000,000 rows).
  if (snapshot.failed.size >= 4)
    snapshot.failed.delete(snapshot.failed.keys().next().value as string);
  snapshot.failed.set(key, failed);
  return failed;
}

/** The plan's answer, part by part; undefined when a test cannot be told exactly here. */
function count(snapshot: Snapshot, plan: ColumnPlan): ColumnAnswer | undefined {
  if (plan.tests.length > 32) return undefined;
  const n = snapshot.rows;
  const failed = failedTests(snapshot, plan.tests);
  if (failed === undefined) return undefined;
  for (const part of plan.parts)
    if ((part.kind === 'nth' || part.kind === 'ranges') && snapshot.inexact[part.column] === true)
      return undefined;
  const digests = snapshot.text.image_digest;
  if (digests === undefined) throw new Error('no column image_digest');
  // Every part's counter: a count per group, per value or per digest (the basic-image parts
  // under the same tests share theirs). Counted in one pass over the rows.
  const counters: Array<{ mask: number; keys: Uint32Array; counts: Float64Array }> = [];
  const counterOf = (mask: number, keys: Uint32Array, size: number): number => {
    const shared = counters.findIndex((counter) => counter.mask === mask && counter.keys === keys);
    if (shared >= 0) return shared;
    return counters.push({ mask, keys, counts: new Float64Array(size) }) - 1;
  };
  const readers = plan.parts.map((part) => {
    let mask = 0;
    for (const t of part.tests) mask |= 1 << t;
    if (part.kind === 'groups') {
      const grouping = groupingOf(snapshot, part.columns);
      if (grouping === undefined) return undefined;
      return { grouping, at: counterOf(mask, grouping.keys, grouping.combos.length) };
    }
    if (part.kind === 'top') {
      const column = snapshot.text[part.column];
      if (column === undefined) throw new Error(`no column ${part.column}`);
      return { grouping: undefined, at: counterOf(mask, column.ids, column.values.length) };
    }
    // No counter: its own pass over the passing rows (nthLargest, rangeCounts, pageOf).
    if (part.kind === 'nth' || part.kind === 'ranges' || part.kind === 'page')
      return { grouping: undefined, at: -1, mask };
    return { grouping: undefined, at: counterOf(mask, digests.ids, digests.values.length) };
  });
  if (readers.some((reader) => reader === undefined)) return undefined;
  const masks = Int32Array.from(counters.map((counter) => counter.mask));
  const keys = counters.map((counter) => counter.keys);
  const counts = counters.map((counter) => counter.counts);
  const parts = counters.length;
  for (let i = 0; i < n; i += 1) {
    const f = failed[i] as number;
    for (let p = 0; p < parts; p += 1) {
      if ((f & (masks[p] as number)) !== 0) continue;
      const target = counts[p] as Float64Array;
      const key = (keys[p] as Uint32Array)[i] as number;
      target[key] = (target[key] as number) + 1;
    }
  }
  const answer = plan.parts.map((part, index) => {
    const { grouping, at, mask } = readers[index] as NonNullable<(typeof readers)[number]> & {
      mask?: number;
    };
    if (part.kind === 'nth') return nthLargest(snapshot, failed, mask ?? 0, part.column, part.rank);
    if (part.kind === 'ranges') return rangeCounts(snapshot, failed, mask ?? 0, part);
    if (part.kind === 'page') return pageOf(snapshot, failed, mask ?? 0, part);
    const counted = counts[at] as Float64Array;
    if (part.kind === 'groups' && grouping !== undefined) {
      const groups: Array<Array<string | number | null>> = [];
      grouping.combos.forEach((combo, id) => {
        if ((counted[id] as number) > 0) groups.push([...combo, counted[id] as number]);
      });
      // In the grouping's order, as SQL returns its groups.
      groups.sort((a, b) => {
        for (let c = 0; c < part.columns.length; c += 1) {
          const order = compareValues(a[c], b[c]);
          if (order !== 0) return order;
        }
        return 0;
      });
      return groups;
    }
    if (part.kind === 'top') {
      const column = snapshot.text[part.column] as TextColumn;
      return topValues(counted, (id) => column.values[id] ?? null, part.limit);
    }
    if (part.kind !== 'bases') return [];
    // Each digest's distinct values counted once per matching image.
    const values = snapshot.baseValues[part.field === 'os_name' ? 1 : 2];
    if (values === undefined) throw new Error('no basic-image values');
    const byValue = new Float64Array(values.names.length);
    for (let d = 0; d < counted.length; d += 1) {
      const images = counted[d] as number;
      if (images === 0) continue;
      for (let v = values.start[d] as number; v < (values.start[d + 1] as number); v += 1) {
        const id = values.ids[v] as number;
        byValue[id] = (byValue[id] as number) + images;
      }
    }
    return topValues(byValue, (id) => values.names[id] ?? null, part.limit);
  });
  // A page the snapshot cannot order exactly leaves the whole plan to SQL.
  return answer.every((part) => part !== undefined) ? answer : undefined;
}

/** Every function of the program, in the order the worker's source declares them. */
const PROGRAM_FUNCTIONS = [
  asciiLower,
  compareText,
  numeric,
  compareValues,
  createBuilder,
  tieOrderOf,
  ascendingOrder,
  sortValueRanks,
  searchRanker,
  pageOf,
  matchingInOrder,
  shareableOf,
  adopt,
  bufferOf,
  bytesOf,
  loweredValues,
  passTable,
  computePassTable,
  digestTable,
  applyTest,
  failedTests,
  groupingOf,
  topValues,
  nthLargest,
  passOf,
  bucketsOf,
  rangeCounts,
  count,
];

/** The program's entry points (tests and the in-process scans call them directly). */
export function columnProgram() {
  return { createBuilder, count, bytesOf, shareableOf, adopt };
}

/**
 * The program as source text for a worker: each function's own text (named as the bundle names
 * it: esbuild may rename a function whose name another module also uses, and every reference to
 * it in the same file with it), then `program`, the entry points.
 */
export function columnProgramSource(): string {
  return `${PROGRAM_FUNCTIONS.map(String).join('\n')}
const program = { createBuilder: ${createBuilder.name}, count: ${count.name}, bytesOf: ${bytesOf.name},
  shareableOf: ${shareableOf.name}, adopt: ${adopt.name} };`;
}

export type ColumnProgram = ReturnType<typeof columnProgram>;
export type ColumnSnapshot = Snapshot;
