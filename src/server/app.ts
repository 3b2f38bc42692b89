// Builds the BFF (tests call `app.inject()` or listen on port 0); main.ts starts it.
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AccountClients } from './clients';
import type { AccountConfig } from './config';
import type { InventoryDb } from './inventory/db';
import type { AppLoggerOptions } from './logger';
import { registerAuth } from './plugins/auth';
import { registerErrorHandler } from './plugins/error-handler';
import { registerRequestId, requestIdServerOptions } from './plugins/request-id';
import { registerSecurityHeaders } from './plugins/security-headers';
import { registerStaticSpa } from './plugins/static-spa';
import { registerAccountRoutes } from './routes/accounts';
import { registerDetailRoutes } from './routes/details';
import { registerHealthRoutes } from './routes/health';
import { registerHssImageRoutes } from './routes/hss-images';
import { registerSyncRoutes } from './routes/sync';
import type { SyncService } from './routes/types';

export interface AppDeps {
  config: { accounts: readonly AccountConfig[]; dashboardToken: string };
  db: InventoryDb;
  sync: SyncService;
  clients: ReadonlyMap<string, AccountClients>;
  logger: AppLoggerOptions | false;
  /** The built SPA. Default: ./dist */
  distDir?: string;
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
  });

  registerRequestId(app);
  registerSecurityHeaders(app);
  registerErrorHandler(app);
  registerAuth(app, { token: deps.config.dashboardToken });

  registerHealthRoutes(app, { sync: deps.sync });
  registerAccountRoutes(app, deps.config.accounts);
  registerSyncRoutes(app, { accounts: deps.config.accounts, sync: deps.sync });
  registerHssImageRoutes(app, { accounts: deps.config.accounts, db: deps.db, sync: deps.sync });
  registerDetailRoutes(app, { accounts: deps.config.accounts, clients: deps.clients });

  registerStaticSpa(app, { distDir: deps.distDir ?? path.resolve('dist') });
  return app;
}
