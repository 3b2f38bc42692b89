// One search over every searchable list of the inventory (GET /api/search): the rows a key
// matches, grouped by digest into artifacts, each with every location of that digest and the HSS
// scan that travels with it. Iterates over the list descriptions (lists/spec.ts `search`), so a
// list described later (ACR) joins without a change here. One read transaction, so that the
// artifacts and their locations describe one state of the inventory.
import { sql } from 'kysely';
import {
  IMAGE_LISTS,
  type SearchArtifact,
  type SearchLocation,
  type SearchScan,
} from '../../shared/contracts';
import { SEARCHABLE_LISTS, type SearchableList } from '../lists';
import { NO_QUERY_CACHE, type QueryCache, type ReadTrx } from '../serving/query-cache';
import type { InventoryDb } from '../store/db';
import { exactColumnList } from '../store/dialect';
import { readInventoryVersion } from '../store/inventory-version';
import { IMAGE_TIME_COLUMNS } from '../store/tables';
import { freeTextMatches } from './free-text';
import { keyCondition, keyRank } from './match';
import { namespaceMatches } from '../lists/filters';
import type { SearchKey } from './search-key';

const SCAN_COLUMNS = [
  'scan_status',
  'severity_level',
  'vul_num',
  'malicious_file_num',
  'unsafe_setting_num',
  'latest_scan_time',
] as const;

export interface SearchRequest {
  /** The Huawei account whose HSS lists are searched. */
  account: string;
  /** The Alibaba accounts whose mirrored ACR tags are searched too (none: no ACR location). */
  acrAccounts?: readonly string[] | undefined;
  key: SearchKey;
  /** Artifacts at most; more are counted and flagged. */
  limit: number;
  /** The user's namespace patterns (auth/request-scope.ts); none: unscoped. */
  scopeNamespaces?: readonly string[] | undefined;
  /** Tests only: free text's narrow plan limit (free-text.ts CANDIDATES_MAX); 0 reads broad. */
  textCandidatesMax?: number | undefined;
  /** The client request's (aborts on disconnect); none for background work. */
  signal?: AbortSignal | undefined;
}

export type SearchOutcome =
  | {
      ok: true;
      artifacts: SearchArtifact[];
      /** Exact when `totalExact`; else a lower bound (counting stopped, more match). */
      total: number;
      truncated: boolean;
      totalExact: boolean;
    }
  /** A digest prefix that more than one digest has. */
  | { ok: false; candidates: number };

/** The searchable tables that hold rows of the request's accounts, with those accounts. */
function searchable(
  request: SearchRequest,
): Array<{ spec: SearchableList; accounts: readonly string[] }> {
  return SEARCHABLE_LISTS.map((spec) => ({
    spec,
    accounts: spec.provider === 'huawei' ? [request.account] : (request.acrAccounts ?? []),
  })).filter((entry) => entry.accounts.length > 0);
}

const inAccounts = (accounts: readonly string[]) =>
  sql`account in (${sql.join(accounts.map((account) => sql`${account}`))})`;

/**
 * The answer through the query cache and admission control like the other computed answers. The
 * cache keys an answer by one list's write version (the first list's, read inside the
 * transaction); the other lists' versions, read just before, are part of the query, so a write to
 * any list supersedes the answer.
 */
export async function searchInventory(
  db: InventoryDb,
  request: SearchRequest,
  cache: QueryCache = NO_QUERY_CACHE,
): Promise<SearchOutcome> {
  const [first, ...others] = searchable(request).map((entry) => entry.spec);
  if (first === undefined)
    return { ok: true, artifacts: [], total: 0, truncated: false, totalExact: true };
  // The HSS lists come first, and the Huawei account is always searched.
  const keyList = IMAGE_LISTS.find((list) => list === first.name);
  if (keyList === undefined) throw new Error('the search reads an HSS list first');
  const versions: Record<string, number> = {};
  for (const spec of others) versions[spec.name] = await readInventoryVersion(db, spec.name);
  const acrAccounts = request.acrAccounts ?? [];
  return cache.answer(
    db,
    {
      list: keyList,
      kind: 'search',
      account: request.account,
      query: {
        key: request.key,
        limit: request.limit,
        versions,
        acrAccounts,
        scope: request.scopeNamespaces ?? null,
      },
      dependsOnNow: false,
    },
    (trx) => computeSearch(trx, request),
    request.signal,
  );
}

/** The request's namespace scope as a condition (always one, for `and`). */
const inScope = (request: SearchRequest) => namespaceMatches(request.scopeNamespaces) ?? sql`1 = 1`;

/**
 * The matching digests of every list, one row per matching record (match.ts): `digest`, `rank`.
 * The grouping by digest makes one of a digest's records.
 */
function matchingRecords(request: SearchRequest) {
  const rank = keyRank(request.key);
  return sql.join(
    searchable(request).map(
      ({ spec, accounts }) => sql`select image_digest as digest, ${rank} as rank
        from ${sql.table(spec.table)}
        where ${inAccounts(accounts)} and image_digest <> '' and ${keyCondition(request.key)}
        and ${inScope(request)}`,
    ),
    sql` union all `,
  );
}

export async function computeSearch(trx: ReadTrx, request: SearchRequest): Promise<SearchOutcome> {
  const { digests, total, totalExact } = await matchingDigests(trx, request);
  if (request.key.kind === 'digest_prefix' && total > 1) return { ok: false, candidates: total };
  if (digests.length === 0)
    return { ok: true, artifacts: [], total: 0, truncated: false, totalExact: true };

  const locations = new Map<string, Array<{ location: SearchLocation; scan: ScanFacts | null }>>(
    digests.map((digest) => [digest, []]),
  );
  for (const { spec, accounts } of searchable(request)) {
    for (const row of await locationRows(trx, spec, accounts, request, digests))
      locations.get(String(row.image_digest))?.push(toLocation(spec, row));
  }
  const artifacts = digests.map((digest): SearchArtifact => {
    const found = locations.get(digest) ?? [];
    return {
      digest,
      scan: travellingScan(found),
      locations: found.map((entry) => entry.location),
    };
  });
  return { ok: true, artifacts, total, truncated: total > artifacts.length, totalExact };
}

/** The first `limit` digests the key finds (best match first, then by digest) and their count. */
async function matchingDigests(
  trx: ReadTrx,
  request: SearchRequest,
): Promise<{ digests: string[]; total: number; totalExact: boolean }> {
  if (request.key.kind === 'text') {
    const found = await freeTextMatches(
      trx,
      searchable(request),
      request.key.text,
      request.limit,
      inScope(request),
      request.textCandidatesMax,
    );
    return {
      digests: found.digests.slice(0, request.limit),
      total: found.digests.length,
      totalExact: found.complete,
    };
  }
  const matches = matchingRecords(request);
  // Best match first, then by digest: the same answer every time.
  const found = await sql<{ digest: string }>`select digest from (${matches}) m
    group by digest order by min(rank), digest limit ${request.limit + 1}`.execute(trx);
  const digests = found.rows.map((row) => row.digest);
  if (digests.length <= request.limit) return { digests, total: digests.length, totalExact: true };
  const counted = await sql<{ n: number | string }>`select count(*) as n from
    (select digest from (${matches}) m group by digest) d`.execute(trx);
  return {
    digests: digests.slice(0, request.limit),
    total: Number(counted.rows[0]?.n ?? 0),
    totalExact: true,
  };
}

async function locationRows(
  trx: ReadTrx,
  spec: SearchableList,
  accounts: readonly string[],
  request: SearchRequest,
  digests: readonly string[],
): Promise<Array<Record<string, unknown>>> {
  const columns = [
    'account',
    ...spec.search.locationFields,
    'image_digest',
    ...(spec.search.scanned ? SCAN_COLUMNS : []),
  ];
  const rows = await sql<Record<string, unknown>>`select
    ${exactColumnList(columns, IMAGE_TIME_COLUMNS)} from ${sql.table(spec.table)}
    where ${inAccounts(accounts)} and ${inScope(request)}
    and image_digest in (${sql.join(digests.map((digest) => sql`${digest}`))})
    order by account, ${spec.tieBreak(sql``, sql`asc`)}`.execute(trx);
  return rows.rows;
}

interface ScanFacts extends Omit<SearchScan, 'location' | 'source'> {
  latest_scan_time: string;
}

function toLocation(
  spec: SearchableList,
  row: Record<string, unknown>,
): { location: SearchLocation; scan: ScanFacts | null } {
  const location: SearchLocation = { source: spec.search.source, account: String(row.account) };
  for (const field of spec.search.locationFields) location[field] = String(row[field] ?? '');
  const scanTime = row.latest_scan_time;
  const scan =
    spec.search.scanned && scanTime !== null && scanTime !== undefined
      ? {
          scan_status: String(row.scan_status),
          severity_level: String(row.severity_level),
          vul_num: Number(row.vul_num),
          malicious_file_num: Number(row.malicious_file_num),
          unsafe_setting_num: Number(row.unsafe_setting_num),
          latest_scan_time: String(scanTime),
        }
      : null;
  return { location, scan };
}

/** Epoch ms as decimal strings, compared exactly (64-bit). */
const newer = (a: string, b: string) => BigInt(a) > BigInt(b);

/**
 * The scan that travels with a digest: among its locations that were scanned (a scan time), a
 * successful scan before a failed one, then the newest; ties keep the first location (lists in
 * their described order, rows in key order). None scanned: null ("not scanned anywhere").
 */
function travellingScan(
  found: ReadonlyArray<{ location: SearchLocation; scan: ScanFacts | null }>,
): SearchScan | null {
  let best: { location: SearchLocation; scan: ScanFacts } | undefined;
  for (const { location, scan } of found) {
    if (scan === null) continue;
    if (best === undefined) {
      best = { location, scan };
      continue;
    }
    const succeeded = scan.scan_status === 'success';
    const bestSucceeded = best.scan.scan_status === 'success';
    if (
      (succeeded && !bestSucceeded) ||
      (succeeded === bestSucceeded && newer(scan.latest_scan_time, best.scan.latest_scan_time))
    )
      best = { location, scan };
  }
  return best === undefined
    ? null
    : { source: best.location.source, location: best.location, ...best.scan };
}
