// One search over the inventory: GET /api/search?q= (artifacts joined by digest) and its CSV,
// GET /api/search/export.csv (one row per location), and the overview's cross-cloud counts,
// GET /api/search/cross-cloud. Read-only: no upstream call.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  API_ROUTES,
  CrossCloudQuerySchema,
  type CrossCloudSummary,
  DEFAULT_EXPORT_LANGUAGE,
  SEARCH_ARTIFACTS_MAX,
  SEARCH_EXPORT_ARTIFACTS_MAX,
  SearchExportQuerySchema,
  type SearchResponse,
} from '../../shared/contracts';
import { csvDownload, fileDay } from './csv-download';
import { invalidParameter } from '../plugins/error-handler';
import { crossCloudSummary } from '../search/cross-cloud';
import { searchCsv } from '../search/search-csv';
import { parseSearchKey, type SearchKey } from '../search/search-key';
import { searchInventory } from '../search/search';
import { disconnectSignal } from '../serving/admission';
import { pickAccount } from './accounts';
import { scopeOf } from '../auth/request-scope';
import { allowedOnAxis } from '../auth/principal';
import type { InventoryRouteDeps } from './types';
import { parseWith, rawQuery } from './validate';

/** The validated request: its account, the key `q` is, the export's header language. */
function searchRequest(deps: InventoryRouteDeps, request: FastifyRequest) {
  const query = parseWith(SearchExportQuerySchema, rawQuery(request));
  const parsed = parseSearchKey(query.q);
  if (!parsed.ok) throw invalidParameter('q', parsed.reason, { reason: 'not_a_search_key' });
  const scope = scopeOf(request);
  const account = pickAccount(deps.accounts, 'huawei', query.account, scope);
  // ACR mirrored: the tags of every Alibaba account in the scope are locations of the same artifacts.
  const acrAccounts = deps.accounts
    .filter((candidate) => candidate.provider === 'alibaba')
    .filter((candidate) => allowedOnAxis(scope.accounts, candidate.id))
    .map((candidate) => candidate.id);
  return {
    account: account.id,
    acrAccounts,
    key: parsed.key,
    lang: query.lang,
    scopeNamespaces: scope.namespaces ?? undefined,
  };
}

async function search(
  deps: InventoryRouteDeps,
  reply: FastifyReply,
  request: {
    account: string;
    acrAccounts: readonly string[];
    key: SearchKey;
    scopeNamespaces: readonly string[] | undefined;
  },
  limit: number,
) {
  const outcome = await searchInventory(
    deps.db,
    { ...request, limit, signal: disconnectSignal(reply.raw) },
    deps.cache,
  );
  if (!outcome.ok)
    throw invalidParameter(
      'q',
      `q is a digest prefix of ${outcome.candidates} digests: give more hex digits`,
      { reason: 'ambiguous_digest_prefix', candidates: outcome.candidates },
    );
  return outcome;
}

export function registerSearchRoutes(app: FastifyInstance, deps: InventoryRouteDeps): void {
  app.get(API_ROUTES.search, async (request, reply): Promise<SearchResponse> => {
    const { lang, ...searched } = searchRequest(deps, request);
    if (lang !== undefined)
      throw invalidParameter('lang', 'lang is a parameter of the export only');
    const { artifacts, total, truncated, totalExact } = await search(
      deps,
      reply,
      searched,
      SEARCH_ARTIFACTS_MAX,
    );
    return { kind: searched.key.kind, artifacts, total, truncated, total_exact: totalExact };
  });

  // The overview's cross-cloud card: every account of the inventory, no parameter.
  app.get(API_ROUTES.searchCrossCloud, async (request): Promise<CrossCloudSummary> => {
    parseWith(CrossCloudQuerySchema, rawQuery(request));
    return crossCloudSummary(deps.db);
  });

  app.get(API_ROUTES.searchExport, async (request, reply) => {
    const { lang, ...searched } = searchRequest(deps, request);
    const { artifacts, total, truncated, totalExact } = await search(
      deps,
      reply,
      searched,
      SEARCH_EXPORT_ARTIFACTS_MAX,
    );
    const rows = artifacts.reduce((n, a) => n + a.locations.length, 0);
    return csvDownload(reply, `imagewatch-search-${searched.account}-${fileDay()}.csv`, rows)
      .header('X-Search-Artifacts', String(total))
      .header('X-Search-Truncated', String(truncated))
      .header('X-Search-Total-Exact', String(totalExact))
      .send(searchCsv(artifacts, lang ?? DEFAULT_EXPORT_LANGUAGE));
  });
}
