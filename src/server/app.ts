// Builds the BFF (tests call `app.inject()` or listen on port 0); main.ts starts it.
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { SyncResponse } from '../shared/contracts';
import type { AccountClients } from './clients';
import type { AccessRule } from './auth/access';
import { DEFAULT_AUDIT_RETENTION_DAYS, type AccountConfig, type OidcConfig } from './config';
import type { InventoryDb } from './store/db';
import type { QueryCache } from './serving/query-cache';
import type { AppLoggerOptions } from './logger';
import { answerFrameworkError } from './plugins/framework-errors';
import { registerAuth } from './plugins/auth';
import { registerErrorHandler } from './plugins/error-handler';
import { registerRequestId, requestIdServerOptions } from './plugins/request-id';
import { registerSecurityHeaders } from './plugins/security-headers';
import { registerStaticSpa } from './plugins/static-spa';
import { registerAccountRoutes } from './routes/accounts';
import { registerDetailRoutes, type AcrRefresh } from './routes/details';
import { registerExportRoutes } from './routes/export';
import { registerHealthRoutes } from './routes/health';
import { registerHssImageRoutes } from './routes/hss-images';
import { registerChangeRoutes } from './routes/changes';
import { registerViewRoutes } from './routes/views';
import { registerTokenRoutes } from './routes/tokens';
import { registerRuleRoutes, type RuleRouteDeps } from './routes/rules';
import { registerImageByIdRoutes } from './routes/image-by-id';
import { registerRiskRoutes } from './routes/risk';
import { registerSearchRoutes } from './routes/search';
import { queryCacheStatusExtras, registerSyncRoutes } from './routes/sync';
import { registerBaseImageRoutes } from './routes/base-images';
import {
  ENRICHMENT_OFF,
  enrichmentSummary,
  type EnrichmentProgress,
} from './base-images/base-images-answer';
import type { ClassifyEndOfLife } from './base-images/base-images-store';
import type { SyncService } from './routes/types';
import { listSpec } from './lists';
import { AuditTrail, registerAuditTrail } from './audit/audit-trail';
import { registerAuditRoutes } from './routes/audit';
import { countMatching } from './lists/filters';
import { listWhere } from './lists/list-store';
import type { ColumnScans } from './lists/column-scan';
import { scopedQuery } from './auth/request-scope';

export interface AppDeps {
  config: {
    accounts: readonly AccountConfig[];
    dashboardToken: string;
    /** TRUST_PROXY (default false): whose X-Forwarded-Proto/-For to believe. */
    trustProxy?: boolean | readonly string[];
    /** AUTH_PROXY_HEADER (default off). */
    authProxyHeader?: string | undefined;
    /** AUTH_PROXY_GROUPS_HEADER (default off). */
    authProxyGroupsHeader?: string | undefined;
    /** The configuration file's `access.roles` (default none: every user is an unscoped admin). */
    accessRules?: readonly AccessRule[];
    oidc?: OidcConfig | undefined;
    /** DATA_DIR: CSV exports are spooled in its `exports/` (default: a temporary directory). */
    dataDir?: string;
    /** EXPORT_CONCURRENCY (default 2). */
    exportConcurrency?: number;
    /** AUDIT_RETENTION_DAYS (default 400). */
    auditRetentionDays?: number;
  };
  db: InventoryDb;
  /** The read pool's (store/read-pool.ts): changes, exports and single images read there. */
  readDb?: InventoryDb;
  sync: SyncService;
  clients: ReadonlyMap<string, AccountClients>;
  logger: AppLoggerOptions | false;
  /** One cache of inventory answers shared by the routes (none: every answer is computed). */
  queryCache?: QueryCache;
  /** The lists' rows as columns for the facets no kept aggregate answers (lists/column-scan.ts). */
  columns?: ColumnScans;
  /** The built SPA. Default: ./dist */
  distDir?: string;
  /** Watch rules' sending (composeServer builds it); without it the rules routes are off. */
  rules?: Omit<RuleRouteDeps, 'db'>;
  /** End-of-life statuses of the base images (base-images/end-of-life.ts); none: all unknown. */
  classifyEndOfLife?: ClassifyEndOfLife;
  /** ACR mirrored: /api/sync's entries of the Alibaba accounts (none: not reported). */
  acrStatus?: () => Promise<NonNullable<SyncResponse['acr']>>;
  /** ACR mirrored: queues an ACR sync cycle of an account (the ACR routes' `reload`). */
  acrRefresh?: AcrRefresh;
  /** The basic-image enrichment's live progress (none: reported as off). */
  enrichment?: EnrichmentProgress;
  /** Tests: the detail routes' answer bound (default BUDGETED_CALL_DEFAULTS.answerWithinMs). */
  detailAnswerWithinMs?: number;
}

const UNKNOWN_END_OF_LIFE: ClassifyEndOfLife = () => ({ status: 'unknown', eolDate: null });

/** Fastify's form of TRUST_PROXY: false, true, or the list of proxy addresses. */
function trustProxyOption(trust: boolean | readonly string[] | undefined): boolean | string[] {
  if (trust === undefined || trust === false) return false;
  return trust === true ? true : [...trust];
}

export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    logger: deps.logger,
    ...requestIdServerOptions,
    // Explicit limits: the API takes no large bodies, and slow clients must not hold sockets.
    bodyLimit: 64 * 1024,
    connectionTimeout: 30_000,
    requestTimeout: 60_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 512 },
    trustProxy: trustProxyOption(deps.config.trustProxy),
    // Router errors (bad UTF-8 or overlong path segments) answer in the one error shape.
    frameworkErrors: answerFrameworkError,
  });

  registerRequestId(app);
  registerAuditTrail(
    app,
    new AuditTrail({
      db: deps.db,
      retentionDays: deps.config.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
    }),
  );
  registerSecurityHeaders(app);
  registerErrorHandler(app);
  registerAuth(app, {
    token: deps.config.dashboardToken,
    db: deps.db,
    proxyHeader: deps.config.authProxyHeader,
    proxyGroupsHeader: deps.config.authProxyGroupsHeader,
    accessRules: deps.config.accessRules,
    oidc: deps.config.oidc,
    trustProxy: deps.config.trustProxy ?? false,
  });

  registerHealthRoutes(app, { sync: deps.sync, db: deps.db });
  registerAccountRoutes(app, deps.config.accounts);
  const cache = deps.queryCache;
  // Routes that only read the inventory read through the pool (none: the main connection).
  const readDb = deps.readDb ?? deps.db;
  const progress = deps.enrichment ?? ENRICHMENT_OFF;
  // What the routes that answer from the inventory take: the accounts, the read connection and
  // the sync (its write version); most also the query cache, the lists' pages the column scan.
  const inventoryReader = { accounts: deps.config.accounts, db: readDb, sync: deps.sync };
  const cachedReader = { ...inventoryReader, ...(cache ? { cache } : {}) };
  const cachedColumnReader = {
    ...cachedReader,
    ...(deps.columns ? { columns: deps.columns } : {}),
  };
  registerSyncRoutes(app, {
    accounts: deps.config.accounts,
    sync: deps.sync,
    ...(cache ? { statusExtras: () => queryCacheStatusExtras(cache) } : {}),
    enrichment: (account) => enrichmentSummary(deps.db, account, progress, cache),
    scopedRows: (account, list, namespaces) =>
      countMatching(
        deps.db,
        listSpec(list).table,
        listWhere(listSpec(list), account, scopedQuery({ accounts: null, namespaces }, {}), 0),
      ),
    ...(deps.acrStatus ? { acrStatus: deps.acrStatus } : {}),
  });
  registerHssImageRoutes(app, cachedColumnReader);
  registerViewRoutes(app, { db: deps.db });
  registerTokenRoutes(app, { db: deps.db });
  registerAuditRoutes(app, { db: deps.db });
  if (deps.rules) registerRuleRoutes(app, { db: deps.db, ...deps.rules });
  registerChangeRoutes(app, inventoryReader);
  registerDetailRoutes(app, {
    accounts: deps.config.accounts,
    clients: deps.clients,
    db: deps.db,
    ...(deps.acrRefresh ? { acrRefresh: deps.acrRefresh } : {}),
    ...(deps.detailAnswerWithinMs !== undefined
      ? { answerWithinMs: deps.detailAnswerWithinMs }
      : {}),
  });
  registerImageByIdRoutes(app, { accounts: deps.config.accounts, db: readDb });
  registerRiskRoutes(app, cachedColumnReader);
  registerSearchRoutes(app, cachedReader);
  registerExportRoutes(app, {
    ...inventoryReader,
    spoolDir:
      deps.config.dataDir === undefined ? undefined : path.join(deps.config.dataDir, 'exports'),
    exportConcurrency: deps.config.exportConcurrency,
  });

  // Read-only: the answer reads the sums kept on write (migration 0042).
  registerBaseImageRoutes(app, {
    ...cachedReader,
    classify: deps.classifyEndOfLife ?? UNKNOWN_END_OF_LIFE,
    progress,
  });

  registerStaticSpa(app, { distDir: deps.distDir ?? path.resolve('dist') });
  return app;
}
