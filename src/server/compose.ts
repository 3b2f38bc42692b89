// Wires clients, sync engine and app from a configuration: shared by main.ts and the tests, so
// that the tests exercise the same assembly as production.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import { createClients, type ClientSet } from './clients';
import { configuredSecrets, type Config } from './config';
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

/** Every instance of every Alibaba account, as the ACR sync mirrors it (through its ACR budget). */
export function acrSyncTargetsOf(
  config: Pick<Config, 'accounts'>,
  clients: ClientSet,
): AcrSyncTarget[] {
  const out: AcrSyncTarget[] = [];
  for (const account of config.accounts) {
    const accountClients = clients.byAccount.get(account.id);
    if (account.provider !== 'alibaba' || accountClients?.provider !== 'alibaba') continue;
    for (const instanceId of account.instanceIds)
      out.push({
        account: account.id,
        credentialId: accountClients.credentialId,
        instanceId,
        regionId: account.credentials.regionId,
        client: accountClients.acr,
      });
  }
  return out;
}

/** The Huawei accounts as the basic-image enrichment asks them (their ListImageBasicImage budget). */
function enrichmentAccountsOf(config: Pick<Config, 'accounts'>, clients: ClientSet) {
  const out: EnrichmentAccount[] = [];
  for (const account of config.accounts) {
    const accountClients = clients.byAccount.get(account.id);
    if (account.provider !== 'huawei' || accountClients?.provider !== 'huawei') continue;
    const hss = accountClients.hss;
    out.push({
      id: account.id,
      enterpriseProjectId: account.enterpriseProjectId,
      budget: accountClients.budget('hss.ListImageBasicImage'),
      listImageBasicImage: (imageId, query, callOptions) =>
        hss.listImageBasicImage(imageId, query, callOptions),
    });
  }
  return out;
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
}

/** Computations at once on PostgreSQL: part of the pool, leaving connections to hits and sync. */
const POSTGRES_COMPUTE_CONCURRENCY = 4;

export async function composeServer(options: {
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
  const warmer = createQueryCacheWarmer({ db, cache: queryCache, logger: forwardingLogger });
  const recordRisk = createRiskRecorder({
    db,
    demo: config.mode === 'demo',
    logger: forwardingLogger,
  });
  const pruneChanges = createChangePruner({
    db,
    retentionDays: config.changeRetentionDays,
    logger: forwardingLogger,
  });
  // Created before the sync engine, which pokes it after each cycle; it asks the engine whether
  // this replica leads (only the leader matches and sends).
  let leading: () => boolean = () => false;
  const rules = new RuleEngine({
    db,
    accounts: config.accounts,
    publicUrl: config.publicUrl,
    allowPrivate: config.notifyAllowPrivate,
    send: sendNotification,
    isLeader: () => leading(),
    logger: forwardingLogger,
    retentionDays: config.changeRetentionDays,
    ...options.rules,
  });
  // Before the engine, whose onSynced wakes it for a sync's new digests; it asks only while this
  // replica leads the sync.
  const enrichment = new BasicImageEnrichment({
    db,
    accounts: enrichmentAccountsOf(config, clients),
    enabled: config.basicImageEnrich,
    isLeader: () => sync.isLeader,
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
      enrichment.wake(account);
      await pruneChanges();
      rules.poke();
    },
  });
  leading = () => sync.isLeader;
  await sync.init();
  const acr = new AcrSync({
    db,
    targets: acrSyncTargetsOf(config, clients),
    intervalMs: config.syncIntervalMs,
    logger: forwardingLogger,
    isLeader: () => sync.isLeader,
  });
  rules.start();
  const app = buildApp({
    config,
    db,
    ...(readPool ? { readDb: readPool.db } : {}),
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
    rules: {
      allowPrivate: config.notifyAllowPrivate,
      sendTest: (rule) => rules.sendTest(rule),
    },
    classifyEndOfLife,
    enrichment,
    acrStatus: () => acr.accountStatuses(clients.budgets, clients.breakers),
    acrRefresh: async (account) => {
      const requestedAt = await acr.requestRefresh(account);
      return requestedAt === null
        ? () => Promise.resolve(true)
        : () => acr.isRefreshDone(account, requestedAt);
    },
  });
  app.addHook('onClose', () => warmer.stop());
  app.addHook('onClose', () => rules.stop());
  app.addHook('onClose', () => enrichment.stop());
  app.addHook('onClose', () => acr.stop());
  forwardingLogger.attach(app.log.child({ component: 'sync' }));
  return { app, sync, enrichment, clients, queryCache, admission, rules, acr };
}
