// The sync's plan at scale in compressed time: the simulator and the budget at 5 calls per second
// (SIM_RATE_LIMIT = HSS_CALL_BUDGET = 5/1s), a cycle every 2 s, sweeps back to back, over
// SYNC_PLAN_BENCH_IMAGES repository images (default 50,000; 1,000,000 is the size) and a
// tenth as many CI/CD images.
//
// The mirror starts as a first crawl left it: the persisted large inventory (bench/
// large-inventory.ts, generated once and reused; a private copy, since the sweep writes), with
// the sync state a complete crawl records, set through the store's own functions. The simulator
// serves the estate that inventory was made from (largeInventoryEstate), so the sweep finds the
// rows it already holds. Filling 1,000,000 rows through the write path instead took about an hour
// (docs/benchmarks.md), and a real first crawl is 5,000 calls, 1,000 s even at 5/s.
//
// Figures: the first crawl's progress as the dashboard words it (a few pages of a crawl into an
// empty inventory, and a page read from what is mirrored meanwhile), how soon each of a few
// rescans shows during the sweep (bound: two cycle intervals), the sweep's pages (pace and the
// write of each page), the removal bound /api/sync reports (2 sweep periods + 1 sweep; removals
// are measured against it on a small estate in sync/sync-plan.integration.test.ts, since two
// sweeps of 1,000,000 take over half an hour even in compressed time), and memory: the process
// holds both the simulator and the engine, so the simulator's share is measured as the growth
// while its estate is built.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { IntlMessageFormat } from 'intl-messageformat';
import { describeSync } from '../src/features/sync-status/describe-sync';
import { createFormatters } from '../src/i18n/format';
import type { Translate } from '../src/i18n/i18n';
import { recordBaseline } from '../src/server/changes/change-log';
import { listSpec } from '../src/server/lists';
import { openInventory, type InventoryDb } from '../src/server/store/db';
import { watermarksAfterCrawl } from '../src/server/sync/incremental';
import { loadSyncRecord, saveSyncRecord } from '../src/server/sync/sync-state';
import { changesOf } from '../src/server/sync/changes-of';
import { CRAWL_PAGE_SIZE } from '../src/server/sync/full-crawl';
import type { SyncAccount } from '../src/server/sync/types';
import { upsertImages } from '../src/server/lists/list-store';
import { queryRegistryImages } from '../src/server/test-support/per-list';
import {
  createEngine,
  engineClients,
  startHarness,
  type Harness,
} from '../src/server/test-support/sync-harness';
import { IMAGE_LISTS, type SyncResponse } from '../src/shared/contracts';
import { mib, round } from './bench-util';
import { warmQueryIndexes } from '../src/simulator/query';
import { largeInventoryEstate, openLargeInventory } from './large-inventory';
import type { BenchFigure } from './run';

const IMAGES = Number(process.env.SYNC_PLAN_BENCH_IMAGES ?? 50_000);
/** Phase timings on stderr as they come (a long run that is stopped still tells where it was). */
const progress = (what: string) => {
  console.error(`${new Date().toISOString()} sync-plan ${IMAGES}: ${what}`);
};
const CYCLE_MS = 2_000;
const RESCANS = 5;
/** Rows of the first crawl mirrored before its progress is read (ten pages). */
const FIRST_CRAWL_ROWS = 2_000;
const label = (what: string) => `sync plan ${IMAGES.toLocaleString('en-US')}: ${what}`;

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The highest resident memory seen, sampled every 100 ms while the bench runs. */
function peakRss(): { peak: () => number; stop: () => void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  return {
    peak: () => Math.max(peak, process.memoryUsage().rss),
    stop: () => clearInterval(timer),
  };
}

/** Marks every list as a complete first crawl at `at` would have left it. */
async function recordFirstCrawl(db: InventoryDb, account: string, at: number, totals: number[]) {
  for (const [index, list] of IMAGE_LISTS.entries()) {
    const record = await loadSyncRecord(db, account, list);
    record.lastFullSync = at;
    record.sweepStartedAt = at;
    record.state = 'idle';
    record.total = totals[index] ?? 0;
    record.rowsDone = record.total;
    record.watermarks = await watermarksAfterCrawl(db, account, list, at, {});
    await saveSyncRecord(db, record);
    // The first complete crawl starts the change feed with a baseline (full-crawl.ts).
    await recordBaseline(db, listSpec(list), account, at);
  }
}

async function scanTimeOf(db: InventoryDb, account: string, id: string): Promise<string | null> {
  const row = await db
    .selectFrom(listSpec('registry').table as 'registry_images')
    .select('latest_scan_time')
    .where('account', '=', account)
    .where('id', '=', id)
    .executeTakeFirst();
  // Stored as an INTEGER on SQLite, a numeric string on PostgreSQL.
  return row?.latest_scan_time == null ? null : String(row.latest_scan_time);
}

/**
 * The English catalogue's messages, parsed here: the app's catalogues are compiled by a Vite
 * plugin (scripts/precompile-messages.mjs), which a benchmark run by tsx does not have.
 */
function englishMessages(namespace: string): Translate {
  const catalogue = JSON.parse(
    readFileSync(new URL(`../src/i18n/locales/en/${namespace}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  return (key, values = {}) => {
    const message = key
      .split('.')
      .reduce<unknown>(
        (at, part) => (at as Record<string, unknown> | undefined)?.[part],
        catalogue,
      );
    if (typeof message !== 'string') return key;
    const formatted = new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).format(
      values as Record<string, string | number>,
    );
    return Array.isArray(formatted) ? formatted.join('') : String(formatted);
  };
}

const registryOf = (status: SyncResponse) =>
  status.accounts[0]?.lists.find((list) => list.list === 'registry');

/**
 * A first crawl into an empty inventory for FIRST_CRAWL_ROWS rows: the status the dashboard
 * shows then (in English, as the page words it) and a page of the list read meanwhile.
 */
async function firstCrawlProgress(harness: Harness): Promise<{
  text: string;
  rowsDone: number;
  total: number;
  etaMs: number;
  pageMs: number;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), 'imagewatch-sync-plan-first-'));
  const db = await openInventory({ dataDir: dir });
  try {
    const { clients, account } = engineClients(harness, { budget: '5/1s' });
    const engine = await createEngine(db, account, clients, { intervalMs: CYCLE_MS });
    engine.start();
    try {
      await until(
        'the first crawl to mirror its first pages',
        () => (engine.record(account.id, 'registry')?.rowsDone ?? 0) >= FIRST_CRAWL_ROWS,
        120_000,
      );
      const pageStart = performance.now();
      const page = await queryRegistryImages(db, account.id, { limit: 50 });
      const pageMs = performance.now() - pageStart;
      if (page.data_list.length === 0) throw new Error('nothing to read during the first crawl');
      const status = await engine.getSyncStatus();
      const summary = describeSync(status, account.id, {
        t: englishMessages('sync'),
        format: createFormatters('en', englishMessages('common')),
      });
      const crawl = registryOf(status)?.crawl;
      return {
        text: summary.text,
        rowsDone: crawl?.rows_done ?? 0,
        total: crawl?.total ?? 0,
        etaMs: crawl?.eta_ms ?? 0,
        pageMs,
      };
    } finally {
      await engine.stop();
    }
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The engine's account with the start of each registry cycle noted (its first call, the query
 * from the first watermark): how far apart cycles begin while the sweep runs.
 */
function noteCycleStarts(account: SyncAccount): { account: SyncAccount; starts: number[] } {
  const starts: number[] = [];
  const client = account.client;
  const [firstWatermark] = listSpec('registry').watermarkFields;
  return {
    starts,
    account: {
      ...account,
      client: {
        listRegistryImages(query, options) {
          if (query[`start_${firstWatermark}` as keyof typeof query] !== undefined)
            starts.push(performance.now());
          return client.listRegistryImages(query, options);
        },
        listCicdImages: (query, options) => client.listCicdImages(query, options),
      },
    },
  };
}

/** Pages whose write is timed, spread over the list. */
const WRITE_SAMPLES = 20;

/**
 * A sweep page's write on its own: pages of 200 read from the simulator (by the oracle, outside
 * the engine's budget) at offsets spread over the list, each written as the sweep writes it (the
 * crawl's upsert, recording changes). The engine's pace includes the budget's waits; this does not.
 */
async function sweepPageWrites(harness: Harness, db: InventoryDb, account: string) {
  const spec = listSpec('registry');
  const changes = changesOf(await loadSyncRecord(db, account, 'registry'), Date.now());
  const stride = Math.floor(IMAGES / WRITE_SAMPLES / CRAWL_PAGE_SIZE) * CRAWL_PAGE_SIZE;
  const samples: number[] = [];
  for (let sample = 0; sample < WRITE_SAMPLES; sample += 1) {
    const { data } = await harness.oracle.listRegistryImages({
      offset: sample * stride,
      limit: CRAWL_PAGE_SIZE,
    });
    const start = performance.now();
    await upsertImages(spec, db, account, data.data_list, Date.now(), changes);
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const memory = peakRss();
  const openStart = performance.now();
  const inventory = await openLargeInventory(IMAGES, { copy: true });
  const openMs = performance.now() - openStart;
  progress(`persisted inventory copied and opened in ${Math.round(openMs)} ms`);
  let harness: Harness | undefined;
  try {
    const estateStart = performance.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const beforeEstateRss = process.memoryUsage().rss;
    const estate = await largeInventoryEstate(inventory);
    harness = await startHarness({ estate, rateLimit: '5/1s' });
    const estateMs = performance.now() - estateStart;
    const estateHeap = process.memoryUsage().heapUsed - heapBefore;
    const afterEstateRss = process.memoryUsage().rss;
    progress(
      `simulator estate built in ${Math.round(estateMs)} ms (heap +${mib(estateHeap)} MiB, rss ${mib(afterEstateRss)} MiB)`,
    );

    // Any change to the estate (a rescan) makes the simulator build its query index again, on
    // the event loop this process shares with the engine: part of each rescan's delay here.
    estate.version += 1;
    const indexStart = performance.now();
    warmQueryIndexes(estate);
    const indexMs = performance.now() - indexStart;
    progress(`simulator query index rebuilt in ${Math.round(indexMs)} ms`);

    const first = await firstCrawlProgress(harness);
    progress(`first crawl: "${first.text}" (a page of 50 read in ${round(first.pageMs)} ms)`);

    const { db } = inventory;
    const engineSide = engineClients(harness, { budget: '5/1s' });
    const { clients } = engineSide;
    const cycles = noteCycleStarts(engineSide.account);
    const { account } = cycles;
    await recordFirstCrawl(db, account.id, Date.now(), [
      estate.registryImages.length,
      estate.cicdImages.length,
    ]);
    figures.push(
      {
        figure: label('persisted inventory copied and opened'),
        value: round(openMs / 1000, 1),
        unit: 's',
        better: 'lower',
      },
      {
        figure: label('simulator estate matching it, built'),
        value: round(estateMs / 1000, 1),
        unit: 's',
        better: 'lower',
      },
      {
        figure: label('simulator: query index rebuilt after a change'),
        value: round(indexMs),
        unit: 'ms',
        better: 'lower',
      },
      {
        figure: label(`first crawl: rows mirrored when read (of ${first.total})`),
        value: first.rowsDone,
        unit: 'rows',
        better: 'higher',
      },
      {
        figure: label('first crawl: time left reported (/api/sync eta_ms)'),
        value: round(first.etaMs / 1000, 1),
        unit: 's',
        reference: { value: round(IMAGES / 200 / 5, 1), what: 'calls at 5/s' },
        better: 'lower',
      },
      {
        figure: label('first crawl: page of 50 read meanwhile'),
        value: round(first.pageMs),
        unit: 'ms',
        better: 'lower',
      },
    );

    const engine = await createEngine(db, account, clients, {
      intervalMs: CYCLE_MS,
      sweepIntervalMs: 1_000,
    });
    engine.start();
    try {
      const record = () => engine.record(account.id, 'registry');
      await until('the sweep to start', () => (record()?.crawlOffset ?? 0) > 0, 120_000);
      const sweepStartedAt = record()?.crawlStartedAt ?? Date.now();
      const sweepRowsAtStart = record()?.rowsDone ?? 0;
      progress('sweep started');

      const delays: number[] = [];
      const cyclesBefore = cycles.starts.length;
      const throttledBefore = harness.sim.stats().throttled;
      const rows = estate.registryImages;
      for (let rescan = 0; rescan < RESCANS; rescan += 1) {
        harness.sim.control.rescanImages(1);
        const at = performance.now();
        // The rescanned row's position, as the simulator records it for its index.
        const position = estate.inPlaceChanges.at(-1)?.registryRows[0];
        const target = position === undefined ? undefined : rows[position];
        if (!target) throw new Error('no image was rescanned');
        const expected = String(target.latest_scan_time);
        await until(
          'a rescan to show',
          async () => (await scanTimeOf(db, account.id, target.id)) === expected,
          60_000,
        );
        delays.push(performance.now() - at);
        progress(`rescan ${rescan + 1} visible after ${Math.round(delays.at(-1) ?? 0)} ms`);
        // Half a cycle apart, so that the rescans fall at different points of the cycle.
        await new Promise((resolve) => setTimeout(resolve, CYCLE_MS / 2));
      }
      const starts = cycles.starts.slice(cyclesBefore);
      const cycleGaps = starts.slice(1).map((at, index) => at - (starts[index] ?? at));
      progress(`cycles began apart (ms): ${cycleGaps.map((ms) => Math.round(ms)).join(' ')}`);
      const stillSweeping =
        record()?.crawlStartedAt === sweepStartedAt && record()?.crawlOffset !== null;
      if (!stillSweeping) throw new Error('the sweep ended before the rescans were measured');

      const status = registryOf(await engine.getSyncStatus());
      const rowsDone = (status?.crawl?.rows_done ?? 0) - sweepRowsAtStart;
      const pageMs = rowsDone > 0 ? ((Date.now() - sweepStartedAt) / rowsDone) * 200 : 0;
      const freshness = status?.freshness;
      progress(
        `sweep ${status?.crawl?.rows_done} of ${status?.crawl?.total}; freshness ${JSON.stringify(freshness)}`,
      );
      figures.push(
        {
          figure: label('rescan visible during a sweep (worst of 5; cycle 2 s)'),
          value: round(Math.max(...delays)),
          unit: 'ms',
          bound: 2 * CYCLE_MS,
          better: 'lower',
        },
        {
          figure: label('429s seen by the simulator during the rescans'),
          value: harness.sim.stats().throttled - throttledBefore,
          unit: 'calls',
          bound: 0,
          better: 'lower',
        },
        {
          figure: label('cycles during the sweep: longest between two starts'),
          value: round(Math.max(0, ...cycleGaps)),
          unit: 'ms',
          reference: { value: CYCLE_MS, what: 'the cycle interval' },
          better: 'lower',
        },
        {
          figure: label('sweep page, measured (budget spacing 200 ms)'),
          value: round(pageMs),
          unit: 'ms',
          reference: { value: 200, what: 'budget spacing at 5/s' },
          better: 'lower',
        },
        {
          figure: label('one sweep, planned and measured pace (/api/sync sweep_ms)'),
          value: round((freshness?.sweep_ms ?? 0) / 1000, 1),
          unit: 's',
          better: 'lower',
        },
        {
          figure: label('removal bound reported (/api/sync removal_bound_ms)'),
          value: round((freshness?.removal_bound_ms ?? 0) / 1000, 1),
          unit: 's',
          reference: { value: round((3 * IMAGES) / 200 / 5, 1), what: '3 sweeps at 5 calls/s' },
          better: 'lower',
        },
      );
    } finally {
      await engine.stop();
    }
    const writes = await sweepPageWrites(harness, db, account.id);
    progress(`sweep page writes (ms, sorted): ${writes.map((ms) => Math.round(ms)).join(' ')}`);
    figures.push(
      {
        figure: label('sweep page write, median of 20 (upsert with changes)'),
        value: round(writes[Math.floor(writes.length / 2)] ?? 0),
        unit: 'ms',
        better: 'lower',
      },
      {
        figure: label('sweep page write, worst of 20'),
        value: round(writes.at(-1) ?? 0),
        unit: 'ms',
        better: 'lower',
      },
    );
    figures.push(
      {
        figure: label('simulator: resident memory its estate added'),
        value: mib(afterEstateRss - beforeEstateRss),
        unit: 'MiB',
        better: 'lower',
      },
      {
        figure: label('process peak RSS (simulator + BFF engine)'),
        value: mib(memory.peak()),
        unit: 'MiB',
        better: 'lower',
      },
    );
  } finally {
    memory.stop();
    await harness?.sim.close();
    await inventory.close();
  }
  return figures;
}
