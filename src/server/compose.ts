// Wires clients, sync engine and app from a configuration: shared by main.ts and the tests, so
// that the tests exercise the same assembly as production.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { createClients, type AccountClients, type ClientSet } from './clients';
import { configuredSecrets, type AccountConfig, type Config } from './config';
import type { InventoryDb } from './store/db';
import type { InventoryReadPool } from './store/read-pool';
import { ComputeAdmission } from './serving/admission';
import { createQueryCacheWarmer } from './serving/cache-warmer';
import { QueryCache } from './serving/query-cache';
import { dialectOf } from './store/dialect';
import { createSyncLease } from './sync/leader-lease';
import { classifyEndOfLife } from './base-images/end-of-life';
import { createRiskRecorder } from './analytics/risk-history';
import { createChangePruner } from './changes/change-retention';
import type { CircuitBreakerOptions } from './upstream/circuit-breaker';
import { createForwardingLogger, createLoggerOptions, type LineSink } from './logger';
import { SyncEngine } from './sync/sync-engine';
import { RuleEngine, type RuleEngineOptions } from './notify/rule-engine';
import { sendNotification } from './notify/channels';
import { BasicImageEnrichment, type EnrichmentAccount } from './base-images/enrichment';
import type { SyncAccount } from './sync/types';
import { AcrSync, type AcrSyncTarget } from './sync/acr-sync';
import { INVENTORY_LISTS, listSpec } from './lists';
import { pageFileWarmUp } from './lists/list-store';
import { openColumnScans, type ColumnScans } from './lists/column-scan';
import { warmColumnScans } from './lists/column-warm-up';

type Provider = AccountConfig['provider'];
interface AccountWithClients<P extends Provider> {
  account: Extract<AccountConfig, { provider: P }>;
  accountClients: Extract<AccountClients, { provider: P }>;
}

/** Each configured account of one provider with its clients (both of that provider). */
function accountsOfProvider<P extends Provider>(
  config: Pick<Config, 'accounts'>,
  clients: ClientSet,
  provider: P,
): AccountWithClients<P>[] {
  const out: AccountWithClients<P>[] = [];
  for (const account of config.accounts) {
    const accountClients = clients.byAccount.get(account.id);
    // TypeScript does not narrow a union by a generic provider; both were just checked.
    if (account.provider === provider && accountClients?.provider === provider)
      out.push({ account, accountClients } as AccountWithClients<P>);
  }
  return out;
}

export function syncAccountsOf(
  config: Pick<Config, 'accounts'>,
  clients: ClientSet,
): SyncAccount[] {
  return accountsOfProvider(config, clients, 'huawei').map(({ account, accountClients }) => {
    const credentialId = accountClients.credentialId;
    return {
      id: account.id,
      credentialId,
      enterpriseProjectId: account.enterpriseProjectId,
      client: accountClients.hss,
      throttledRetries: (api) => clients.throttledRetries(credentialId, api),
    };
  });
}

/** Every instance of every Alibaba account, as the ACR sync mirrors it (through its ACR budget). */
export function acrSyncTargetsOf(
  config: Pick<Config, 'accounts'>,
  clients: ClientSet,
): AcrSyncTarget[] {
  return accountsOfProvider(config, clients, 'alibaba').flatMap(({ account, accountClients }) =>
    account.instanceIds.map((instanceId) => ({
      account: account.id,
      credentialId: accountClients.credentialId,
      instanceId,
      regionId: account.credentials.regionId,
      client: accountClients.acr,
    })),
  );
}

/** The Huawei accounts as the basic-image enrichment asks them (their ListImageBasicImage budget). */
function enrichmentAccountsOf(
  config: Pick<Config, 'accounts'>,
  clients: ClientSet,
): EnrichmentAccount[] {
  return accountsOfProvider(config, clients, 'huawei').map(({ account, accountClients }) => {
    const hss = accountClients.hss;
    return {
      id: account.id,
      enterpriseProjectId: account.enterpriseProjectId,
      budget: accountClients.budget('hss.ListImageBasicImage'),
      listImageBasicImage: (imageId, query, callOptions) =>
        hss.listImageBasicImage(imageId, query, callOptions),
    };
  });
}

export interface ComposedServer {
  app: FastifyInstance;
  sync: SyncEngine;
  /** The background basic-image look-up: main.ts starts it with the sync (tests when they want). */
  enrichment: BasicImageEnrichment;
  clients: ClientSet;
  queryCache: QueryCache;
  /** Admission control of the cache's computations (misses). */
  admission: ComputeAdmission;
  /** The watch rules' matching and sending (runs while this replica leads the sync). */
  rules: RuleEngine;
  /** ACR mirrored (sync/acr-sync.ts): main.ts starts it with the sync (tests when they want). */
  acr: AcrSync;
  /** The lists' rows as columns, beside a SQLite read pool (none without one, or on PostgreSQL). */
  columns: ColumnScans | undefined;
}

/** Computations at once on PostgreSQL: part of the pool, leaving connections to hits and sync. */
const POSTGRES_COMPUTE_CONCURRENCY = 4;

export interface ComposeOptions {
  config: Config;
  db: InventoryDb;
  /**
   * Where inventory answers are read (store/read-pool.ts; its opener destroys it). None: on `db`.
   */
  readPool?: InventoryReadPool | undefined;
  /** Where log lines go (default stdout); tests capture them. `false` turns logging off. */
  logSink?: LineSink | false;
  distDir?: string;
  clientTimeoutMs?: number;
  circuitBreaker?: CircuitBreakerOptions;
  /** Tests: the rule engine's sender, retry policy, clock, tick. */
  rules?: Partial<
    Pick<RuleEngineOptions, 'send' | 'retry' | 'now' | 'tickIntervalMs' | 'rateLimits'>
  >;
  /** Tests: the detail routes' answer bound (default BUDGETED_CALL_DEFAULTS.answerWithinMs). */
  detailAnswerWithinMs?: number;
}

/** What each step of the composition needs: the options, the shared logger, one database or many. */
interface Composition {
  options: ComposeOptions;
  config: Config;
  db: InventoryDb;
  /** Several replicas on one PostgreSQL share the call budgets and elect one syncer. */
  shared: boolean;
  logger: ReturnType<typeof createForwardingLogger>;
}

function composeClients({ options, config, db, shared, logger }: Composition): ClientSet {
  return createClients({
    accounts: config.accounts,
    hssCallBudget: config.hssCallBudget,
    acrCallBudget: config.acrCallBudget,
    logger,
    ...(shared ? { sharedBudgetDb: db } : {}),
    ...(options.clientTimeoutMs !== undefined ? { timeoutMs: options.clientTimeoutMs } : {}),
    ...(options.circuitBreaker !== undefined ? { circuitBreaker: options.circuitBreaker } : {}),
  });
}

function composeQueryCache({ options, config, db, shared, logger }: Composition) {
  const { readPool } = options;
  // Admission per pool: as many computations as the read pool runs at once. Without one, SQLite
  // has one connection (a computation holds it); PostgreSQL a pool of 10 per replica.
  const admission = new ComputeAdmission({
    maxQueued: config.queryQueueLimit,
    maxWaitMs: config.queryQueueMaxWaitMs,
    concurrency: readPool?.size ?? (shared ? POSTGRES_COMPUTE_CONCURRENCY : 1),
  });
  const queryCache = new QueryCache({
    maxBytes: config.queryCacheMb * 1024 * 1024,
    admission,
    ...(readPool ? { readDb: readPool.db, versionDb: db } : {}),
  });
  const warmer = createQueryCacheWarmer({ db, cache: queryCache, logger });
  return { admission, queryCache, warmer };
}

/**
 * The sync engine with what it wakes after each cycle: created before it, they ask it whether
 * this replica leads (only the leader records, matches, sends and looks up).
 */
async function composeSync(
  composition: Composition,
  clients: ClientSet,
  warmer: ReturnType<typeof createQueryCacheWarmer>,
  columns: ColumnScans | undefined,
) {
  const { options, config, db, shared, logger } = composition;
  const recordRisk = createRiskRecorder({ db, demo: config.mode === 'demo', logger });
  const pruneChanges = createChangePruner({
    db,
    retentionDays: config.changeRetentionDays,
    logger,
  });
  const isLeader = () => sync.isLeader;
  const rules = new RuleEngine({
    db,
    accounts: config.accounts,
    publicUrl: config.publicUrl,
    allowPrivate: config.notifyAllowPrivate,
    send: sendNotification,
    isLeader,
    logger,
    retentionDays: config.changeRetentionDays,
    ...options.rules,
  });
  const enrichment = new BasicImageEnrichment({
    db,
    accounts: enrichmentAccountsOf(config, clients),
    enabled: config.basicImageEnrich,
    isLeader,
    logger,
  });
  const sync: SyncEngine = new SyncEngine({
    db,
    budgets: clients.budgets,
    breakers: clients.breakers,
    intervalMs: config.syncIntervalMs,
    sweepIntervalMs: config.syncSweepIntervalMs,
    logger,
    accounts: syncAccountsOf(config, clients),
    ...(shared ? { leadership: createSyncLease({ db, ttlMs: config.syncLeaseTtlMs }) } : {}),
    onSynced: async (account, list) => {
      await recordRisk(account, list);
      warmer.afterSync(account, list);
      // A snapshot in use is read again now, not by the next request that needs it.
      columns?.refresh(listSpec(list), account);
      enrichment.wake(account);
      await pruneChanges();
      rules.poke();
    },
  });
  await sync.init();
  const acr = new AcrSync({
    db,
    targets: acrSyncTargetsOf(config, clients),
    intervalMs: config.syncIntervalMs,
    logger,
    isLeader,
  });
  return { sync, rules, enrichment, acr };
}

function appLoggerOptions({ options, config }: Composition) {
  if (options.logSink === false) return false;
  return createLoggerOptions({
    level: config.logLevel,
    secrets: configuredSecrets(config),
    ...(options.logSink ? { sink: options.logSink } : {}),
  });
}

export async function composeServer(options: ComposeOptions): Promise<ComposedServer> {
  const { config, db, readPool } = options;
  const composition: Composition = {
    options,
    config,
    db,
    shared: dialectOf(db) === 'postgres',
    logger: createForwardingLogger(),
  };
  const clients = composeClients(composition);
  const { admission, queryCache, warmer } = composeQueryCache(composition);
  // A worker of their own reading the pool's file (column-scan.ts); PostgreSQL's pool has no
  // threads, so its facets stay SQL.
  // The app's logger, once the app exists (the worker reads nothing before a request).
  const columnsLog: { to?: FastifyBaseLogger } = {};
  const columns =
    readPool?.file === undefined
      ? undefined
      : openColumnScans(readPool.file, {
          onBuilt: (built) => columnsLog.to?.info(built, 'list columns read'),
          onFailed: (error) =>
            columnsLog.to?.warn({ reason: error.message }, 'list columns not read'),
        });
  const { sync, rules, enrichment, acr } = await composeSync(
    composition,
    clients,
    warmer,
    columns,
  ).catch(async (error: unknown) => {
    await columns?.close();
    throw error;
  });
  rules.start();
  const app = buildApp({
    config,
    db,
    ...(readPool ? { readDb: readPool.db } : {}),
    sync,
    clients: clients.byAccount,
    logger: appLoggerOptions(composition),
    ...(options.distDir !== undefined ? { distDir: options.distDir } : {}),
    queryCache,
    ...(columns ? { columns } : {}),
    rules: {
      allowPrivate: config.notifyAllowPrivate,
      sendTest: (rule) => rules.sendTest(rule),
    },
    classifyEndOfLife,
    enrichment,
    ...(options.detailAnswerWithinMs !== undefined
      ? { detailAnswerWithinMs: options.detailAnswerWithinMs }
      : {}),
    acrStatus: () => acr.accountStatuses(clients.budgets, clients.breakers),
    acrRefresh: async (account) => {
      const requestedAt = await acr.requestRefresh(account);
      return requestedAt === null
        ? () => Promise.resolve(true)
        : () => acr.isRefreshDone(account, requestedAt);
    },
  });
  for (const worker of [warmer, rules, enrichment, acr])
    app.addHook('onClose', () => worker.stop());
  columnsLog.to = app.log.child({ component: 'columns' });
  if (columns) app.addHook('onClose', () => columns.close());
  composition.logger.attach(app.log.child({ component: 'sync' }));
  // The pages' b-trees into the OS page cache, beside the first requests (a cold file's page
  // otherwise reads its rows from disk one at a time). Failing costs only cold pages.
  void readPool
    ?.warmFileCache(pageFileWarmUp(INVENTORY_LISTS))
    .catch((error: unknown) =>
      app.log.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'inventory file warm-up failed',
      ),
    )
    // Then the lists' columns (column-warm-up.ts), each answer's first read done before it asks.
    .then(async () => {
      if (columns === undefined) return;
      const huawei = config.accounts.filter((account) => account.provider === 'huawei');
      await warmColumnScans(
        readPool.db,
        columns,
        INVENTORY_LISTS,
        huawei.map((account) => account.id),
      );
    })
    .catch((error: unknown) =>
      app.log.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'list columns warm-up failed',
      ),
    );
  return { app, sync, enrichment, clients, queryCache, admission, rules, acr, columns };
}
