// The risk summary and a page's total from the column scan (risk-summary-columns.ts,
// lists/column-count.ts) under filter sets no kept aggregate answers: equal to the SQL scan's,
// on both lists, SQLite and PostgreSQL, and taken from the columns (the snapshot answered).
import { describe, expect, it, vi } from 'vitest';
import { createRng } from '../../simulator/random';
import {
  CicdImageSchema,
  RegistryImageSchema,
  SCAN_STATUSES,
  SEVERITY_LEVELS,
  type CicdImage,
  type RegistryImage,
  type RiskSummary,
} from '../../shared/contracts';
import { generateEstate } from '../../simulator/estate';
import { LISTS } from '../lists';
import { inProcessColumnScans, type ColumnScans } from '../lists/column-scan';
import { countMatching } from '../lists/filters';
import { listWhere, queryList, upsertImages } from '../lists/list-store';
import { CICD_LIST } from '../lists/cicd';
import { REGISTRY_LIST } from '../lists/registry';
import type { ListQuery, ListSpec } from '../lists/spec';
import type { InventoryDb } from '../store/db';
import { readInventoryVersion } from '../store/inventory-version';
import { ComputeAdmission } from '../serving/admission';
import { QueryCache } from '../serving/query-cache';
import { inventoryBackends, withInventory } from '../test-support/test-backends';
import { buildRiskSummary } from './risk-summary';

const NOW = Date.UTC(2026, 5, 15, 13, 30);
const DAY = 86_400_000;
const ACCOUNT = 'acc-a';

function randomOf(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

const pick = <T>(random: () => number, values: readonly T[]): T =>
  values[Math.floor(random() * values.length)] as T;

/** An image as a rescan leaves it: ties of vul_num among the top images, some never scanned. */
function rescanned<T extends RegistryImage | CicdImage>(image: T, random: () => number): T {
  return {
    ...image,
    severity_level: pick(random, [...SEVERITY_LEVELS, '']),
    scan_status: pick(random, SCAN_STATUSES),
    vul_num: random() < 0.4 ? 0 : Math.floor(random() * 12) * 4,
    malicious_file_num: random() < 0.8 ? 0 : 1,
    unsafe_setting_num: random() < 0.7 ? 0 : 2,
    latest_version: random() < 0.5,
    latest_scan_time: random() < 0.1 ? null : String(NOW - Math.floor(random() * 60 * DAY)),
  };
}

async function fill(db: InventoryDb): Promise<void> {
  const random = randomOf(71);
  for (const [account, seed] of [
    [ACCOUNT, 5],
    ['acc-b', 6],
  ] as const) {
    const estate = generateEstate({ seed, registryImages: 300, cicdImages: 150, now: NOW });
    const registry = estate.registryImages.map((raw) =>
      rescanned(RegistryImageSchema.parse(raw), random),
    );
    const cicd = estate.cicdImages.map((raw) => rescanned(CicdImageSchema.parse(raw), random));
    await upsertImages(REGISTRY_LIST, db, account, registry, NOW);
    await upsertImages(CICD_LIST, db, account, cicd, NOW);
  }
}

/** Filter sets no kept aggregate answers: alone, with aggregate filters, a broad image name. */
function filterSets(spec: ListSpec): Array<Record<string, unknown>> {
  return [
    { image_size: 1 },
    { image_size: 300_000_000 },
    { max_image_size: 400_000_000, severity_level: ['High', 'unrated'] },
    { image_version: '1' },
    { image_version: 'v', has_vul: true },
    { q: 'a' },
    { q: 'e', scan_status: ['success'] },
    { start_latest_scan_time: String(NOW - 30 * DAY) },
    { start_latest_scan_time: String(NOW - 20 * DAY), end_latest_scan_time: String(NOW - 3 * DAY) },
    { never_scanned: true, image_version: '1' },
    { never_scanned: false, image_size: 1, risky: true },
    { image_name: 'e', scan_status: ['success'] },
    { image_name: 'a', [spec.risk.typeField]: [spec.risk.typeValues[0]], image_size: 1 },
    { image_name: 'no-such-image' },
  ];
}

/**
 * The column plans a summary takes: one, and one more for the top images' bound when fewer than
 * ten vulnerable images match among others (the first plan's bound is over every matching image;
 * the fixtures' vul_num is never null).
 */
function plansFor(summary: RiskSummary): number {
  const vulnerable = summary.risk_types.find((bucket) => bucket.value === 'has_vul')?.count ?? 0;
  return vulnerable > 0 && vulnerable < 10 && vulnerable < summary.total_num ? 2 : 1;
}

describe.each(inventoryBackends())('the risk summary from columns on $name', (backend) => {
  it('equals the scan under filters no aggregate answers, on both lists', () =>
    withInventory(backend, async (db) => {
      await fill(db);
      for (const spec of LISTS)
        for (const [index, filters] of filterSets(spec).entries()) {
          const label = `${spec.name} ${JSON.stringify(filters)}`;
          const columns = inProcessColumnScans();
          // Scan-age boundaries in the afternoon and in the morning.
          const now = index % 2 === 0 ? NOW : NOW - 6 * 3_600_000;
          const options = {
            account: ACCOUNT,
            request: { kind: spec.name, query: filters as ListQuery },
            filters: {},
            now,
            syncedAt: null,
          };
          const answer = await buildRiskSummary(db, { ...options, columns });
          expect(answer, label).toEqual(await buildRiskSummary(db, { ...options, scan: true }));
          expect(columns.answered(), label).toBe(plansFor(answer));
        }
    }));

  it("gives a page's total as count(*) does, the rows from SQL", () =>
    withInventory(backend, async (db) => {
      await fill(db);
      for (const spec of LISTS)
        for (const filters of filterSets(spec)) {
          const label = `${spec.name} ${JSON.stringify(filters)}`;
          const columns = inProcessColumnScans();
          const query = { ...filters, offset: 5, limit: 20 } as ListQuery;
          // A total waits for no snapshot's read: the first one is SQL's.
          const unread = await queryList(spec, db, ACCOUNT, query, { now: NOW, columns });
          expect(columns.answered(), label).toBe(0);
          // Read (as the server does after start-up), the snapshot gives the next ones.
          await db
            .transaction()
            .execute((trx) => columns.answer(trx, spec, ACCOUNT, { tests: [], parts: [] }));
          const page = await queryList(spec, db, ACCOUNT, query, { now: NOW, columns });
          expect(page, label).toEqual(unread);
          expect(page, label).toEqual(
            await queryList(spec, db, ACCOUNT, query, { now: NOW, scan: true }),
          );
          expect(page.total_num, label).toBe(
            await countMatching(db, spec.table, listWhere(spec, ACCOUNT, query, NOW)),
          );
          // Time ranges alone are counted from a scan-time index.
          const timeOnly = Object.keys(filters).every((key) => key.endsWith('_scan_time'));
          expect(columns.answered(), label).toBe(timeOnly ? 0 : 1);
        }
    }));
});

/**
 * The in-process column scans with an `answerAt` as the worker's: it answers only at the version
 * asked (read in a transaction of its own, after `gate`), and counts where it was asked.
 */
function scansWithAnswerAt(
  db: InventoryDb,
  hooks: { gate?: Promise<void>; decline?: boolean; afterAnswer?: () => Promise<void> } = {},
) {
  const inner = inProcessColumnScans();
  const asked: number[] = [];
  let inTransaction = 0;
  const scans: ColumnScans = {
    answer(trx, spec, account, plan, options) {
      inTransaction += 1;
      return inner.answer(trx, spec, account, plan, options);
    },
    async answerAt(spec, account, version, plan) {
      asked.push(version);
      await hooks.gate;
      if (hooks.decline === true) return undefined;
      const answer = await db
        .transaction()
        .execute(async (trx) =>
          (await readInventoryVersion(trx, spec.name)) === version
            ? inner.answer(trx, spec, account, plan)
            : undefined,
        );
      await hooks.afterAnswer?.();
      return answer;
    },
    answered: () => inner.answered(),
    refresh: () => undefined,
    close: () => Promise.resolve(),
  };
  return { scans, asked, inTransaction: () => inTransaction };
}

const MB = 1024 * 1024;

describe('the risk summary from columns asked before its transaction on sqlite', () => {
  const [sqlite] = inventoryBackends();
  if (sqlite === undefined) throw new Error('no sqlite backend');
  const optionsOf = (spec: ListSpec, filters: Record<string, unknown>, now = NOW) => ({
    account: ACCOUNT,
    request: { kind: spec.name, query: filters as ListQuery },
    filters: {},
    now,
    syncedAt: null,
  });

  it('needs no read slot while its column answer waits, then reads the top images at that version', () =>
    withInventory(sqlite, async (db) => {
      await fill(db);
      const admission = new ComputeAdmission({ maxQueued: 8, maxWaitMs: 60_000, concurrency: 1 });
      const cache = new QueryCache({ maxBytes: 16 * MB, admission });
      // The only read slot, held until released (by a computation that holds no connection).
      let release: () => void = () => undefined;
      const held = admission.run(
        undefined,
        () => new Promise<string>((resolve) => (release = () => resolve('held'))),
      );
      await vi.waitFor(() => expect(admission.stats().running).toBe(1));
      let open: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const { scans, asked, inTransaction } = scansWithAnswerAt(db, { gate });
      const options = optionsOf(REGISTRY_LIST, { image_size: 1 });
      const version = await readInventoryVersion(db, 'registry');
      const summary = buildRiskSummary(db, { ...options, columns: scans }, cache);
      // Asked while the slot is held: the column answer's wait holds none.
      await vi.waitFor(() => expect(asked).toEqual([version]));
      expect(admission.stats().queued).toBe(0);
      open();
      // Then the top images wait for the slot.
      await vi.waitFor(() => expect(admission.stats().queued).toBe(1));
      release();
      expect(await held).toBe('held');
      expect(await summary).toEqual(await buildRiskSummary(db, { ...options, scan: true }));
      expect(scans.answered()).toBe(1);
      expect(inTransaction()).toBe(0);
    }));

  it('equals the scan under filters no aggregate answers, on both lists', () =>
    withInventory(sqlite, async (db) => {
      await fill(db);
      const cache = new QueryCache({ maxBytes: 16 * MB });
      for (const spec of LISTS)
        for (const [index, filters] of filterSets(spec).entries()) {
          const label = `${spec.name} ${JSON.stringify(filters)}`;
          const { scans, asked, inTransaction } = scansWithAnswerAt(db);
          const options = optionsOf(spec, filters, index % 2 === 0 ? NOW : NOW - 6 * 3_600_000);
          const answer = await buildRiskSummary(db, { ...options, columns: scans }, cache);
          expect(answer, label).toEqual(await buildRiskSummary(db, { ...options, scan: true }));
          const plans = plansFor(answer);
          expect([asked.length, scans.answered(), inTransaction()], label).toEqual([
            plans,
            plans,
            0,
          ]);
        }
      // Kept aggregates answer these: the columns are not asked.
      const { scans, asked } = scansWithAnswerAt(db);
      await buildRiskSummary(
        db,
        { ...optionsOf(REGISTRY_LIST, { severity_level: ['High'] }), columns: scans },
        cache,
      );
      expect(asked).toEqual([]);
    }));

  it('declined, goes to SQL without asking again; after a write in between, asks within the transaction', () =>
    withInventory(sqlite, async (db) => {
      await fill(db);
      const cache = new QueryCache({ maxBytes: 16 * MB });
      const declined = scansWithAnswerAt(db, { decline: true });
      const options = optionsOf(REGISTRY_LIST, { image_version: '1' });
      expect(await buildRiskSummary(db, { ...options, columns: declined.scans }, cache)).toEqual(
        await buildRiskSummary(db, { ...options, scan: true }),
      );
      expect([declined.asked.length, declined.scans.answered(), declined.inTransaction()]).toEqual([
        1, 0, 0,
      ]);
      // A write after the column answer: its counts are of another version than the transaction.
      const page = await queryList(REGISTRY_LIST, db, ACCOUNT, { limit: 1 }, { now: NOW });
      const image = page.data_list[0];
      if (image === undefined) throw new Error('fixture has no image');
      const moved = scansWithAnswerAt(db, {
        afterAnswer: async () => {
          await upsertImages(REGISTRY_LIST, db, ACCOUNT, [{ ...image, vul_num: 999 }], NOW);
        },
      });
      const sized = optionsOf(REGISTRY_LIST, { image_size: 1 });
      const answer = await buildRiskSummary(db, { ...sized, columns: moved.scans }, cache);
      expect(answer).toEqual(await buildRiskSummary(db, { ...sized, scan: true }));
      expect(answer.top_images[0]?.vul_num).toBe(999);
      expect([moved.asked.length, moved.inTransaction()]).toEqual([1, 1]);
    }));
});
