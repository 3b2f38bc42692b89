import { useQuery } from '@tanstack/react-query';
import { apiGet, buildUrl } from '../../../lib/api-client';
import { lazySchema } from '../../../lib/lazy-schema';
import { API_ROUTES } from '../../../shared/contracts/facts';
import type { CrossCloudSummary, ExportLanguage, SearchResponse } from '../../../shared/contracts';

const searchResponseSchema = lazySchema(
  async () => (await import('../../../shared/contracts/search')).SearchResponseSchema,
);

/** GET /api/search for `q` (nothing asked while q is empty). */
export function useSearch(q: string, account: string | undefined) {
  return useQuery({
    queryKey: ['search', q, account],
    enabled: q !== '',
    queryFn: ({ signal }) =>
      apiGet<SearchResponse>(API_ROUTES.search, { q, account }, searchResponseSchema, signal),
  });
}

/** The search export's address: one CSV row per location, headers in `lang`. */
export function searchExportUrl(q: string, account: string | undefined, lang: ExportLanguage) {
  return buildUrl(API_ROUTES.searchExport, { q, account, lang });
}

const crossCloudSchema = lazySchema(
  async () => (await import('../../../shared/contracts/search')).CrossCloudSummarySchema,
);

/** The overview's cross-cloud counts (every account of the inventory). */
export function useCrossCloudSummary() {
  return useQuery({
    queryKey: ['search', 'cross-cloud'],
    queryFn: ({ signal }) =>
      apiGet<CrossCloudSummary>(API_ROUTES.searchCrossCloud, {}, crossCloudSchema, signal),
  });
}
