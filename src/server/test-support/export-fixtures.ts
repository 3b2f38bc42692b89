// Test and benchmark support for the CSV export: serves the list and export routes on a loopback
// port (sync-harness's mirrorEstate fills the inventory). Not imported by the app.
import Fastify, { type FastifyInstance } from 'fastify';
import type { ImageList } from '../../shared/contracts';

import { demoAccounts, generateDemoKeys, type AccountConfig } from '../config';

import type { InventoryDb } from '../store/db';
import { registerErrorHandler } from '../plugins/error-handler';

import { registerRequestId, requestIdServerOptions } from '../plugins/request-id';

import type { ExportSpool } from '../export/export-spool';
import { registerExportRoutes, type ExportRouteDeps } from '../routes/export';

import { registerHssImageRoutes } from '../routes/hss-images';

import type { SyncService } from '../routes/types';
import { listenOnLoopback } from './listen-loopback';
import { actAs } from './principal';

/** A sync service whose lists were last synced at `syncedAt` (the export only asks for that). */
export function fixedSyncService(syncedAt: number): SyncService {
  return {
    getSyncStatus: () => Promise.resolve({ now: Date.now(), accounts: [] }),
    refreshNow: () => false,
    isReady: () => true,
    syncedAt: (_account: string, _list: ImageList) => syncedAt,
  };
}

export interface ExportTestServer {
  app: FastifyInstance;
  url: string;
  accounts: AccountConfig[];
  accountId: string;
  /** The export spool behind the routes (tests count generations and spool files with it). */
  spool: ExportSpool;
  close(): Promise<void>;
}

/** The list and export routes over `db`, listening on 127.0.0.1 (no auth: tests call it directly). */
export async function startExportTestServer(options: {
  db: InventoryDb;
  syncedAt?: number;
  beforeBatch?: (rowsSoFar: number) => void | Promise<void>;
  logger?: boolean;
  spoolDir?: string;
  exportConcurrency?: number;
  spoolLimits?: ExportRouteDeps['spoolLimits'];
}): Promise<ExportTestServer> {
  // No upstream is ever called: the routes read the inventory only.
  const accounts = demoAccounts(generateDemoKeys(), 'http://127.0.0.1:9', 'cri-unused');
  const accountId = accounts.find((account) => account.provider === 'huawei')?.id ?? '';
  const sync = fixedSyncService(options.syncedAt ?? Date.UTC(2025, 0, 2, 3, 4, 5));
  const app = Fastify({ logger: options.logger ?? false, ...requestIdServerOptions });
  registerRequestId(app);
  registerErrorHandler(app);
  actAs(app);
  registerHssImageRoutes(app, { accounts, db: options.db, sync });
  const spool = registerExportRoutes(app, {
    accounts,
    db: options.db,
    sync,
    spoolDir: options.spoolDir,
    exportConcurrency: options.exportConcurrency,
    ...(options.spoolLimits ? { spoolLimits: options.spoolLimits } : {}),
    ...(options.beforeBatch ? { beforeBatch: options.beforeBatch } : {}),
  });
  const url = await listenOnLoopback(app);
  return {
    app,
    url,
    accounts,
    accountId,
    spool,
    close: () => app.close(),
  };
}
