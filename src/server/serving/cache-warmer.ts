// Keeps the dashboard's landing answers in the query cache: computed once a list has synced (and
// the base-images aggregate brought up to date), and the risk summaries (whose scan-age buckets expire with the clock) recomputed before they expire.
import { DEFAULT_PAGE_SIZE, type ImageList } from '../../shared/contracts';
import { buildRiskSummary } from '../analytics/risk-summary';
import { listSpec } from '../lists';
import { listFacets } from '../lists/facets';
import { queryListJson } from '../lists/list-store';
import type { InventoryDb } from '../store/db';
import { QUERY_CACHE_MAX_AGE_MS, type QueryCache } from './query-cache';

/** The SPA's first page of a list. */
const LANDING_PAGE_QUERY = { offset: '0', limit: String(DEFAULT_PAGE_SIZE) };
/** The risk summary is kept warm this often (its scan-age buckets expire with the clock). */
const RISK_REWARM_MS = QUERY_CACHE_MAX_AGE_MS - 5_000;

/**
 * Precomputes the dashboard's landing answers of a list after a sync (unfiltered first page and
 * its count, facets, risk summary), one after the other so as not to hold the event loop, and
 * keeps the risk summaries of synced lists from expiring. Failures only cost a cold answer.
 */
export function createQueryCacheWarmer(options: {
  db: InventoryDb;
  cache: QueryCache;
  logger: { warn(object: object, message: string): void };
  /** How often the risk summaries of synced lists are recomputed (default: before they expire). */
  rewarmEveryMs?: number;
}) {
  const { db, cache, logger } = options;
  let chain: Promise<void> = Promise.resolve();
  const synced = new Set<string>();
  let stopped = false;
  const enqueue = (account: string, list: ImageList, what: 'all' | 'risk') => {
    chain = chain
      .then(async () => {
        if (stopped) return;
        const now = Date.now();
        if (what === 'all') {
          const spec = listSpec(list);
          const query = spec.querySchema.parse(LANDING_PAGE_QUERY);
          // As GET of the list route reads it (with its families).
          await queryListJson(spec, db, account, query, { now, cache, families: true });
          await listFacets(spec, db, account, query, { now, cache });
        }
        // As GET /api/hss/risk-summary?kind=… builds it (synced_at is replaced per request).
        const request = { kind: list, query: {} };
        await buildRiskSummary(db, { account, request, filters: {}, now, syncedAt: null }, cache);
      })
      .catch((error: unknown) => {
        if (!stopped)
          logger.warn(
            { account, list, reason: error instanceof Error ? error.message : String(error) },
            'query cache warm-up failed',
          );
      });
  };
  const timer = setInterval(() => {
    for (const entry of synced) {
      const [account = '', list = 'registry'] = entry.split('\u0000') as [string, ImageList];
      enqueue(account, list, 'risk');
    }
  }, options.rewarmEveryMs ?? RISK_REWARM_MS);
  timer.unref();
  return {
    afterSync(account: string, list: ImageList): void {
      if (!cache.enabled || stopped) return;
      synced.add(`${account}\u0000${list}`);
      enqueue(account, list, 'all');
    },
    /** Resolves once the warm-ups queued so far have run (or failed). */
    whenIdle(): Promise<void> {
      return chain;
    },
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
