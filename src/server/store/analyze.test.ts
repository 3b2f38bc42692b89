// The planner's statistics are refreshed after every sweep, on the main connection (synchronous
// on SQLite): a full ANALYZE reads every index whole, which at 50,000 images held the event loop
// for about 0.9 s after each sweep (and grows with the inventory), so analyzeInventory samples a
// bounded number of rows per index (SQLite's analysis_limit) whatever the inventory's size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANALYSIS_ROW_LIMIT, analyzeInventory, openInventory, type InventoryDb } from './db';
import { sqliteInventoryAt } from '../test-support/test-backends';

describe('analyzeInventory (SQLite)', () => {
  let db: InventoryDb;
  beforeEach(async () => {
    db = await openInventory(':memory:');
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('reads a bounded sample of each index, not the whole index', async () => {
    const rows = 20 * ANALYSIS_ROW_LIMIT;
    const namespaces = 7;
    // Rows spread over a few namespaces, in the index's order: a full read of the
    // (account, namespace) prefix finds rows / namespaces rows per namespace.
    await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${rows - 1})
      insert into registry_images (account, id, namespace, seen_at)
      select 'acc', cast(i as text), 'ns-' || (i % ${namespaces}), 0 from n`.execute(db);
    await analyzeInventory(db);
    const { rows: stats } = await sql<{ stat: string }>`select stat from sqlite_stat1
      where idx = 'registry_images_sort_namespace'`.execute(db);
    const perNamespace = Number(stats[0]?.stat.split(' ')[2]);
    // A full read says rows / namespaces; a sample of about the limit's rows says far less.
    expect(perNamespace).toBeGreaterThan(0);
    expect(perNamespace).toBeLessThan(rows / namespaces / 2);
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
