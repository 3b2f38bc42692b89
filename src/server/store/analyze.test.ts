// The planner's statistics are refreshed after every sweep, on the main connection (synchronous
// on SQLite). A sampled ANALYZE misreports each leading column's rows per value (at 1,000,000
// images the sync's statements chose badly), and one whole ANALYZE held the event loop for every
// index at once, so analyzeInventory reads each index whole in its own statement, yielding
// between them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  analyzeInventory,
  analyzeWhenOutgrown,
  FIRST_ANALYSIS_ROWS,
  openInventory,
  type InventoryDb,
} from './db';
import { useMemoryInventory } from '../test-support/hooks';
import { sqliteInventoryAt } from '../test-support/test-backends';

describe('analyzeInventory (SQLite)', () => {
  let db: InventoryDb;
  useMemoryInventory((opened) => (db = opened), { each: true });

  it('reads each index whole, with the event loop free between indexes', async () => {
    const rows = 20_000;
    const namespaces = 7;
    // Rows spread over a few namespaces, in the index's order: a whole read of the
    // (account, namespace) prefix finds rows / namespaces rows per namespace, where a sample
    // reports its own size per account and far fewer per namespace.
    await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${rows - 1})
      insert into registry_images (account, id, namespace, seen_at)
      select 'acc', cast(i as text), 'ns-' || (i % ${namespaces}), 0 from n`.execute(db);
    let loopRan = false;
    setImmediate(() => {
      loopRan = true;
    });
    await analyzeInventory(db);
    // One statement held the loop at a time: a timer queued before ran before the last index.
    expect(loopRan).toBe(true);
    const { rows: stats } = await sql<{ stat: string }>`select stat from sqlite_stat1
      where idx = 'registry_images_sort_namespace'`.execute(db);
    const [total, perAccount, perNamespace] = (stats[0]?.stat ?? '').split(' ').map(Number);
    expect(total).toBe(rows);
    expect(perAccount).toBe(rows);
    expect(perNamespace).toBe(Math.ceil(rows / namespaces));
  });
});

describe('statistics after an upgrade (SQLite)', () => {
  it('an analysed inventory keeps statistics for the indexes a migration rebuilt', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-upgrade-stats-'));
    try {
      // As the release before 0052 left it, analysed after its crawl.
      const older = await sqliteInventoryAt(dataDir, '0051_change_snapshots');
      await sql`insert into registry_images (account, id, namespace, seen_at)
        values ('acc', '1', 'ns', 0), ('acc', '2', 'ns', 0)`.execute(older);
      await sql`analyze`.execute(older);
      await older.destroy();

      const upgraded = await openInventory({ dataDir });
      try {
        // 0052 dropped and re-created the scan-time walk; its statistics must be back.
        const { rows } = await sql<{ idx: string }>`select idx from sqlite_stat1
          where idx = 'registry_images_sort_latest_scan_time'`.execute(upgraded);
        expect(rows).toHaveLength(1);
      } finally {
        await upgraded.destroy();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('statistics during a first crawl (SQLite)', () => {
  it('are taken once the table holds enough rows, then again each time its rows have doubled', async () => {
    const db = await openInventory(':memory:');
    try {
      let written = 0;
      const writeUpTo = async (rows: number) => {
        await sql`with recursive n(i) as (select ${written} union all select i + 1 from n
            where i < ${rows - 1})
          insert into registry_images (account, id, namespace, seen_at)
          select 'acc', cast(i as text), 'ns', 0 from n`.execute(db);
        written = rows;
      };
      const analysedRows = async () => {
        const { rows: taken } = await sql`select 1 from sqlite_master
          where name = 'sqlite_stat1'`.execute(db);
        if (taken.length === 0) return Number.NaN;
        const { rows } = await sql<{ stat: string }>`select stat from sqlite_stat1
          where idx = 'registry_images_sort_namespace'`.execute(db);
        return Number.parseInt(rows[0]?.stat ?? '0', 10);
      };
      const steps: [rows: number, analysed: boolean, statisticsOver: number][] = [
        [FIRST_ANALYSIS_ROWS - 1, false, Number.NaN],
        [FIRST_ANALYSIS_ROWS, true, FIRST_ANALYSIS_ROWS],
        [2 * FIRST_ANALYSIS_ROWS - 1, false, FIRST_ANALYSIS_ROWS],
        [2 * FIRST_ANALYSIS_ROWS, true, 2 * FIRST_ANALYSIS_ROWS],
        [3 * FIRST_ANALYSIS_ROWS, false, 2 * FIRST_ANALYSIS_ROWS],
      ];
      for (const [rows, analysed, statisticsOver] of steps) {
        await writeUpTo(rows);
        expect(await analyzeWhenOutgrown(db, 'registry_images', rows), `at ${rows}`).toBe(analysed);
        expect(await analysedRows(), `at ${rows}`).toBe(statisticsOver);
      }
    } finally {
      await db.destroy();
    }
  });
});
