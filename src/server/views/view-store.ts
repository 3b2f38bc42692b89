// Saved views in the inventory database (migration 0024), shared by every replica and user.
import { sql } from 'kysely';
import type { SavedView, SavedViewInput } from '../../shared/contracts';
import type { InventoryDb } from '../store/db';

interface ViewRow {
  id: number | string;
  name: string;
  list: SavedView['list'];
  query: string;
  columns: string | null;
  created_at: number | string;
  updated_at: number | string;
}

function viewOf(row: ViewRow): SavedView {
  return {
    id: String(row.id),
    name: row.name,
    list: row.list,
    query: row.query,
    ...(row.columns === null ? {} : { columns: JSON.parse(row.columns) as string[] }),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

const columnsText = (input: SavedViewInput) =>
  input.columns === undefined ? null : JSON.stringify(input.columns);

export async function listViews(db: InventoryDb): Promise<SavedView[]> {
  const { rows } = await sql<ViewRow>`select * from saved_views order by name, id`.execute(db);
  return rows.map(viewOf);
}

export async function countViews(db: InventoryDb): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from saved_views`.execute(
    db,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function getView(db: InventoryDb, id: string): Promise<SavedView | undefined> {
  const { rows } = await sql<ViewRow>`select * from saved_views where id = ${id}`.execute(db);
  return rows[0] && viewOf(rows[0]);
}

/** The id of the view named `name`, if any (names are unique, as the team reads them). */
export async function viewIdNamed(db: InventoryDb, name: string): Promise<string | undefined> {
  const { rows } = await sql<{ id: number | string }>`select id from saved_views
    where name = ${name}`.execute(db);
  const row = rows[0];
  return row === undefined ? undefined : String(row.id);
}

export async function createView(
  db: InventoryDb,
  input: SavedViewInput,
  now: number,
): Promise<SavedView> {
  const { rows } = await sql<ViewRow>`insert into saved_views
    (name, list, query, columns, created_at, updated_at)
    values (${input.name}, ${input.list}, ${input.query}, ${columnsText(input)}, ${now}, ${now})
    returning *`.execute(db);
  const row = rows[0];
  if (row === undefined) throw new Error('the saved view was not stored');
  return viewOf(row);
}

export async function updateView(
  db: InventoryDb,
  id: string,
  input: SavedViewInput,
  now: number,
): Promise<SavedView | undefined> {
  const { rows } = await sql<ViewRow>`update saved_views set name = ${input.name},
    list = ${input.list}, query = ${input.query}, columns = ${columnsText(input)},
    updated_at = ${now} where id = ${id} returning *`.execute(db);
  return rows[0] && viewOf(rows[0]);
}

/**
 * Deletes a view that no watch rule follows (one statement, so that a rule saved meanwhile
 * keeps its view); false when none was deleted: no such view, or a rule follows it.
 */
export async function deleteView(db: InventoryDb, id: string): Promise<boolean> {
  const result = await sql`delete from saved_views where id = ${id}
    and not exists (select 1 from watch_rules where view_id = ${id})`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}
