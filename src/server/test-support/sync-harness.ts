// Shared by the sync tests and benchmarks: a simulator, clients over real signed HTTP, a sync
// engine over an inventory, and an oracle (a second credential, so that its calls neither spend
// the engine's budget nor count in its stats) that reads the simulator's whole lists. The BFF
// integration tests also compose the whole BFF over such a harness (startTestBff).
import {
  startSimulator,
  type Estate,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../simulator';

import { cicdImageJson, registryImageJson } from '../../simulator/serialise';

import {
  CicdImageSchema,
  RegistryImageSchema,
  type CicdImageRow,
  type RegistryImage,
} from '../../shared/contracts';

import { parseJsonLossless } from '../upstream/json';

import { createClients, type ClientSet } from '../clients';

import { composeServer, syncAccountsOf, type ComposedServer } from '../compose';

import { demoAccounts, generateDemoKeys, loadConfig, type DemoKeys } from '../config';

import { cicdRecordKey } from '../lists/cicd-record-key';

import { analyzeInventory, openInventory, type InventoryDb } from '../store/db';

import { BudgetRegistry, parseRate } from '../upstream/budget';

import { createHssClient, type HssClient } from '../upstream/huawei/hss-client';

import { SyncEngine, type SyncEngineOptions } from '../sync/sync-engine';

import type { SyncAccount } from '../sync/types';
import { listenOnLoopback } from './listen-loopback';
import { waitFor } from './wait-for';
import {
  queryCicdImages,
  queryRegistryImages,
  upsertCicdImages,
  upsertRegistryImages,
} from './per-list';

export interface Harness {
  sim: RunningSimulator;
  keys: DemoKeys;
  oracle: HssClient;
  /** The AK the engine signs with (the simulator's stats are keyed by it). */
  engineAk: string;
}

export const silentLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export async function startHarness(
  options: Partial<Omit<SimulatorOptions, 'huaweiCredentials' | 'alibabaCredentials'>>,
): Promise<Harness> {
  const keys = generateDemoKeys();
  const oracleKeys = generateDemoKeys();
  const sim = await startSimulator({
    port: 0,
    driftIntervalMs: 0,
    ...options,
    huaweiCredentials: [keys.huawei, oracleKeys.huawei],
    alibabaCredentials: [keys.alibaba],
  });
  const oracle = createHssClient({
    budgets: new BudgetRegistry({ defaultRate: parseRate('100000/min') }),
    credentialId: 'oracle',
    credentials: oracleKeys.huawei,
    endpoint: sim.url,
  });
  return { sim, keys, oracle, engineAk: keys.huawei.ak };
}

/** The BFF as main.ts composes it, over a harness's simulator, listening on a loopback port. */
export interface TestBff {
  harness: Harness;
  server: ComposedServer;
  db: InventoryDb;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Stops the sync, closes the app, destroys the inventory and closes the simulator. */
  close(): Promise<void>;
}

/**
 * `env` goes to loadConfig over a sync interval of 10 minutes: a test that starts the sync gets its
 * first crawl and no second one mid-test. `openDb` opens another inventory (PostgreSQL) than an
 * in-memory SQLite one.
 */
export async function startTestBff(
  harnessOptions: Parameters<typeof startHarness>[0],
  env: NodeJS.ProcessEnv,
  options: {
    openDb?: () => Promise<InventoryDb>;
    /** The watch rules' engine options (a test may want its timer out of the way). */
    rules?: Parameters<typeof composeServer>[0]['rules'];
    /** The detail routes' answer bound (a test of it need not wait the default's seconds). */
    detailAnswerWithinMs?: number;
  } = {},
): Promise<TestBff> {
  const harness = await startHarness(harnessOptions);
  let db: InventoryDb | undefined;
  let server: ComposedServer | undefined;
  const close = async (): Promise<void> => {
    await server?.acr.stop();
    await server?.sync.stop();
    await server?.app.close();
    await db?.destroy();
    await harness.sim.close();
  };
  try {
    const base = loadConfig({ SYNC_INTERVAL_MS: '600000', ...env });
    const instanceId = harness.sim.estate.acrInstances[0]?.InstanceId ?? 'cri-missing';
    db = await (options.openDb ? options.openDb() : openInventory(':memory:'));
    server = await composeServer({
      config: { ...base, accounts: demoAccounts(harness.keys, harness.sim.url, instanceId) },
      db,
      logSink: false,
      distDir: '/nonexistent-dist',
      ...(options.rules ? { rules: options.rules } : {}),
      ...(options.detailAnswerWithinMs !== undefined
        ? { detailAnswerWithinMs: options.detailAnswerWithinMs }
        : {}),
    });
    const url = await listenOnLoopback(server.app);
    return { harness, server, db, url, close };
  } catch (error) {
    // The caller never gets close(): release what was opened, and report the set-up's error.
    await close().catch(() => undefined);
    throw error;
  }
}

export function engineClients(
  harness: Harness,
  options: { budget?: string; maxRetries?: number; keys?: DemoKeys } = {},
): { clients: ClientSet; account: SyncAccount } {
  const instanceId = harness.sim.estate.acrInstances[0]?.InstanceId ?? 'cri-missing';
  const accounts = demoAccounts(options.keys ?? harness.keys, harness.sim.url, instanceId);
  const clients = createClients({
    accounts,
    hssCallBudget: options.budget ?? '100000/min',
    logger: silentLogger,
    timeoutMs: 5_000,
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  });
  const [account] = syncAccountsOf({ accounts }, clients);
  if (!account) throw new Error('no Huawei demo account');
  return { clients, account };
}

export async function createEngine(
  db: InventoryDb,
  account: SyncAccount,
  clients: ClientSet,
  options: Partial<SyncEngineOptions> = {},
): Promise<SyncEngine> {
  const engine = new SyncEngine({
    db,
    accounts: [account],
    budgets: clients.budgets,
    breakers: clients.breakers,
    intervalMs: 60_000,
    logger: silentLogger,
    ...options,
  });
  await engine.init();
  return engine;
}

/** A sync engine over `db` for the harness's Huawei account, with the clients it calls through. */
export async function engineFor(
  harness: Harness,
  db: InventoryDb,
  options: Parameters<typeof engineClients>[1] = {},
): Promise<{ engine: SyncEngine; clients: ClientSet; account: SyncAccount }> {
  const { clients, account } = engineClients(harness, options);
  const engine = await createEngine(db, account, clients);
  return { engine, clients, account };
}

/** Every row of a list as the simulator answers it, in id order. */
export async function upstreamRegistryImages(oracle: HssClient): Promise<RegistryImage[]> {
  const rows: RegistryImage[] = [];
  for (let offset = 0; ; offset += 200) {
    const { data } = await oracle.listRegistryImages({ offset, limit: 200 });
    rows.push(...data.data_list);
    if (data.data_list.length < 200) return rows;
  }
}

/** With the record key each would be stored under, as the list API gives them. */
export async function upstreamCicdImages(oracle: HssClient): Promise<CicdImageRow[]> {
  const rows: CicdImageRow[] = [];
  for (let offset = 0; ; offset += 200) {
    const { data } = await oracle.listCicdImages({ offset, limit: 200 });
    rows.push(...data.data_list.map((image) => ({ ...image, record_key: cicdRecordKey(image) })));
    if (data.data_list.length < 200) return rows;
  }
}

/**
 * A list row as the upstream sent it: without the basic-image columns the BFF joins in from the
 * enrichment's answers (base-images/), which are no part of what the sync mirrors.
 */
function asMirrored<Row extends object>(row: Row): Row {
  const {
    basic_image: _image,
    basic_image_digest: _digest,
    ...mirrored
  } = row as Row & {
    basic_image?: unknown;
    basic_image_digest?: unknown;
  };
  return mirrored as Row;
}

export async function mirroredRegistryImages(
  db: InventoryDb,
  account: string,
): Promise<RegistryImage[]> {
  return (await queryRegistryImages(db, account, { limit: 10_000_000 })).data_list.map(asMirrored);
}

export async function mirroredCicdImages(
  db: InventoryDb,
  account: string,
): Promise<CicdImageRow[]> {
  return (await queryCicdImages(db, account, { limit: 10_000_000 })).data_list.map(asMirrored);
}

/** Calls the simulator counted for the engine's credential and one API. */
export function callsOf(harness: Harness, api: string): number {
  return harness.sim.stats().calls[`${harness.engineAk}:${api}`] ?? 0;
}

/**
 * Fills an inventory straight from a generated estate, without HTTP: each row goes through the
 * simulator's own serialiser, the client's lossless JSON parse and normalising schema, and the
 * crawl's upsert, so the rows are those a crawl would store (used to make 200,000-image mirrors
 * quickly for the benchmarks).
 */
export async function mirrorEstate(
  db: InventoryDb,
  account: string,
  estate: Estate,
  seenAt: number = Date.now(),
): Promise<void> {
  const batch = 5_000;
  for (let start = 0; start < estate.registryImages.length; start += batch) {
    const rows = estate.registryImages
      .slice(start, start + batch)
      .map((row) => RegistryImageSchema.parse(parseJsonLossless(registryImageJson(row, estate))));
    await upsertRegistryImages(db, account, rows, seenAt);
  }
  for (let start = 0; start < estate.cicdImages.length; start += batch) {
    const rows = estate.cicdImages
      .slice(start, start + batch)
      .map((row) => CicdImageSchema.parse(parseJsonLossless(cicdImageJson(row))));
    await upsertCicdImages(db, account, rows, seenAt);
  }
  await analyzeInventory(db); // as the sync engine does after a crawl
}

/** An ACR tag of the estate as the ACR tag list answers it. */
export interface ExpectedAcrTag {
  namespace: string;
  image_name: string;
  image_version: string;
  image_digest: string;
  image_size: number;
  image_update: number;
  tag_key: string;
  tag_status: string;
  repo_type: string;
}

/** The tags of the estate's first ACR instance (the one the demo account mirrors). */
export function expectedAcrTags(estate: Estate): ExpectedAcrTag[] {
  const instanceId = estate.acrInstances[0]?.InstanceId ?? '';
  return estate.acrRepositories
    .filter((repo) => repo.InstanceId === instanceId)
    .flatMap((repo) =>
      repo.tags.map((tag) => ({
        namespace: repo.RepoNamespaceName,
        image_name: repo.RepoName,
        image_version: tag.Tag,
        image_digest: `sha256:${tag.Digest}`,
        image_size: tag.ImageSize,
        image_update: tag.ImageUpdate,
        tag_key: `${instanceId}/${repo.RepoId}:${tag.Tag}`,
        tag_status: tag.Status,
        repo_type: repo.RepoType,
      })),
    );
}

/**
 * Starts the sync and the ACR sync (which runs on the replica holding the sync's lease) and
 * waits for the first complete ACR crawl.
 */
export async function startAndMirrorAcr(bff: TestBff, timeoutMs = 150_000): Promise<void> {
  bff.server.sync.start();
  bff.server.acr.start();
  await waitFor(
    'ACR to be mirrored',
    async () => {
      const state = await bff.db
        .selectFrom('acr_sync_state')
        .select('last_full_sync')
        .executeTakeFirst();
      return state?.last_full_sync !== null && state?.last_full_sync !== undefined;
    },
    timeoutMs,
  );
}
