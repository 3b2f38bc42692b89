// A list's answer row as SQLite builds it (answer-row.ts, the list pages' JSON) against the row
// object fromRow makes of the same stored row, serialised: byte for byte, for every list that
// has the SQL form, with awkward text, absent times, every flag value and unreadable JSON lists.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openInventory } from '../store/db';
import { INVENTORY_LISTS, LISTS } from './index';
import { listColumns, upsertImages } from './list-store';

const ACCOUNT = 'a';
const NOW = Date.UTC(2025, 0, 15);
/** Every character JSON escapes, quotes, non-ASCII and characters JSON need not escape. */
const AWKWARD =
  'q"b\\s/ \u0000\u0001\u0008\u0009\u000a\u000c\u000d\u001f\u007f é 中 \u2028\u2029 😀';

function rawRecords(): Array<Record<string, unknown>> {
  return Array.from({ length: 4 }, (_, i) => ({
    id: `900719925474099${3 + i}`,
    image_id: `sha256:${i}`,
    namespace: AWKWARD,
    image_name: `app-${i}`,
    image_version: i === 0 ? '' : `v${i}`,
    registry_name: AWKWARD,
    cicd_name: AWKWARD,
    scan_failed_desc: AWKWARD,
    vul_num: i,
    image_size: 2 ** 40 + i,
    latest_version: i % 2 === 0,
    scannable: i % 2 === 1,
    is_multiple_arch: i === 1,
    // Absent times are stored as NULL.
    latest_update_time: i === 2 ? undefined : String(1_700_000_000_000 + i),
    latest_scan_time: String(2_000 + i),
    association_images: i === 1 ? [{ id: '3', image_name: AWKWARD, vul_num: 2 }, { id: '4' }] : [],
  }));
}

describe.each(LISTS.filter((spec) => spec.sqliteRowJson !== undefined))('$name', (spec) => {
  it("builds each row's JSON in SQL exactly as fromRow's row serialises", async () => {
    const db = await openInventory(':memory:');
    try {
      const images = rawRecords().map((raw) => spec.recordSchema.parse(raw));
      await upsertImages(spec, db, ACCOUNT, images, NOW);
      const table = sql.table(spec.table);
      // A flag other than 0 and 1, and JSON lists that are not JSON, or not an array.
      if (spec.columns.includes('association_images')) {
        const key = sql.ref(spec.key);
        const keys = images.map((image) => (image as Record<string, string>)[spec.key] ?? '');
        await sql`update ${table} set association_images = 'not json', scannable = 0
          where ${key} = ${keys[2]}`.execute(db);
        await sql`update ${table} set association_images = '{"id":"1"}', scannable = 2
          where ${key} = ${keys[3]}`.execute(db);
      }
      const rows = await sql<Record<string, unknown>>`select ${listColumns(spec)},
        ${spec.sqliteRowJson?.()} as answer_json from ${table} where account = ${ACCOUNT}`.execute(
        db,
      );
      expect(rows.rows).toHaveLength(4);
      for (const { answer_json: answerJson, ...stored } of rows.rows)
        expect(answerJson).toBe(JSON.stringify(spec.fromRow(stored)));
    } finally {
      await db.destroy();
    }
  });
});

it('every list without the SQL form is shaped by fromRow (the ACR tags)', () => {
  expect(
    INVENTORY_LISTS.filter((spec) => spec.sqliteRowJson === undefined).map((spec) => spec.name),
  ).toEqual(['acr']);
});
