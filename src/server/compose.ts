// Wires clients, sync engine and app from a configuration: shared by main.ts and the tests, so
// that the tests exercise the same assembly as production.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { createClients, type ClientSet } from './clients';
import { configuredSecrets, type Config } from './config';
import { DEFAULT_PAGE_SIZE, type ImageList } from '../shared/contracts';
import { listSpec } from './lists';
import { queryList } from './lists/list-store';
import type { InventoryDb } from './store/db';
import { listFacets } from './lists/facets';
import { ComputeAdmission } from './serving/admission';
import { QUERY_CACHE_MAX_AGE_MS, QueryCache } from './serving/query-cache';
import { buildRiskSummary } from './analytics/risk-summary';
import { dialectOf } from './store/dialect';
import { createSyncLease } from './sync/leader-lease';
import { createRiskRecorder } from './analytics/risk-history';
import type { CircuitBreakerOptions } from './upstream/circuit-breaker';
import { createForwardingLogger, createLoggerOptions, type LineSink } from './logger';
import { SyncEngine } from './sync/sync-engine';
import type { SyncAccount } from './sync/types';

export function syncAccountsOf(
  config: Pick<Config, 'accounts'>,
  clients: ClientSet,
): SyncAccount[] {
  const out: SyncAccount[] = [];
  for (const account of config.accounts) {
    const accountClients = clients.byAccount.get(account.id);
    if (account.provider !== 'huawei' || accountClients?.provider !== 'huawei') continue;
    const credentialId = accountClients.credentialId;
    out.push({
      id: account.id,
      credentialId,
      enterpriseProjectId: account.enterpriseProjectId,
      client: accountClients.hss,
      throttledRetries: (api) => clients.throttledRetries(credentialId, api),
    });
  }
  return out;
}

export interface ComposedServer {
  app: FastifyInstance;
  sync: SyncEngine;
  clients: ClientSet;
  queryCache: QueryCache;
  /** Admission control of the cache's computations (misses). */
  admission: ComputeAdmission;
}

/** The SPA's first page of a list. */
const LANDING_PAGE_QUERY = { offset: '0', limit: String(DEFAULT_PAGE_SIZE) };
/** Computations at once on PostgreSQL: part of the pool, leaving connections to hits and sync. */
const POSTGRES_COMPUTE_CONCURRENCY = 4;
/** The risk summary is kept warm this often (its scan-age buckets expire with the clock). */
const RISK_REWARM_MS = QUERY_CACHE_MAX_AGE_MS - 5_000;

/**
 * Precomputes the dashboard's landing answers of a list after a sync (unfiltered first page and
 * its count, facets, risk summary), one after the other so as not to hold the event loop, and
 * keeps the risk summaries of synced lists from expiring. Failures only cost a cold answer.
 */
function createQueryCacheWarmer(options: {
  db: InventoryDb;
  cache: QueryCache;
  logger: { warn(object: object, message: string): void };
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
          await queryList(spec, db, account, query, { now, cache });
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
  }, RISK_REWARM_MS);
  timer.unref();
  return {
    afterSync(account: string, list: ImageList): void {
      if (!cache.enabled || stopped) return;
      synced.add(`${account}\u0000${list}`);
      enqueue(account, list, 'all');
    },
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}

export async function composeServer(options: {
  config: Config;
  db: InventoryDb;
  /** Where log lines go (default stdout); tests capture them. `false` turns logging off. */
  logSink?: LineSink | false;
  distDir?: string;
  clientTimeoutMs?: number;
  circuitBreaker?: CircuitBreakerOptions;
}): Promise<ComposedServer> {
  const { config, db } = options;
  // Several replicas on one PostgreSQL share the call budgets and elect one syncer.
  const shared = dialectOf(db) === 'postgres';
  const forwardingLogger = createForwardingLogger();
  const clients = createClients({
    accounts: config.accounts,
    hssCallBudget: config.hssCallBudget,
    acrCallBudget: config.acrCallBudget,
    logger: forwardingLogger,
    ...(shared ? { sharedBudgetDb: db } : {}),
    ...(options.clientTimeoutMs !== undefined ? { timeoutMs: options.clientTimeoutMs } : {}),
    ...(options.circuitBreaker !== undefined ? { circuitBreaker: options.circuitBreaker } : {}),
  });
  const admission = new ComputeAdmission({
    maxQueued: config.queryQueueLimit,
    maxWaitMs: config.queryQueueMaxWaitMs,
    // SQLite has one connection (a computation holds it); PostgreSQL a pool of 10 per replica.
    concurrency: shared ? POSTGRES_COMPUTE_CONCURRENCY : 1,
  });
  const queryCache = new QueryCache({ maxBytes: config.queryCacheMb * 1024 * 1024, admission });
  const warmer = createQueryCacheWarmer({ db, cache: queryCache, logger: forwardingLogger });
  const recordRisk = createRiskRecorder({
    db,
    demo: config.mode === 'demo',
    logger: forwardingLogger,
  });
  const sync = new SyncEngine({
    db,
    budgets: clients.budgets,
    breakers: clients.breakers,
    intervalMs: config.syncIntervalMs,
    sweepIntervalMs: config.syncSweepIntervalMs,
    logger: forwardingLogger,
    accounts: syncAccountsOf(config, clients),
    ...(shared ? { leadership: createSyncLease({ db, ttlMs: config.syncLeaseTtlMs }) } : {}),
    onSynced: async (account, list) => {
      await recordRisk(account, list);
      warmer.afterSync(account, list);
    },
  });
  await sync.init();
  const app = buildApp({
    config,
    db,
    sync,
    clients: clients.byAccount,
    logger:
      options.logSink === false
        ? false
        : createLoggerOptions({
            level: config.logLevel,
            secrets: configuredSecrets(config),
            ...(options.logSink ? { sink: options.logSink } : {}),
          }),
    ...(options.distDir !== undefined ? { distDir: options.distDir } : {}),
    queryCache,
  });
  app.addHook('onClose', () => warmer.stop());
  forwardingLogger.attach(app.log.child({ component: 'sync' }));
  return { app, sync, clients, queryCache, admission };
}
