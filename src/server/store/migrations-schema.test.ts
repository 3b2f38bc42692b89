// Released migrations never change what they build: the schema after every migration, dumped from
// SQLite's catalogue and PostgreSQL's, must equal the snapshot taken when it was last changed on
// purpose. A refactoring of migrations.ts that alters one column, index, default, collation or
// trigger fails here (a database migrated before it would differ from one migrated after).
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { InventoryDb } from './db';
import { inventoryBackends } from '../test-support/test-backends';

interface CatalogueRow {
  kind: string;
  name: string;
  definition: string | null;
}

async function sqliteSchema(db: InventoryDb): Promise<CatalogueRow[]> {
  const { rows } = await sql<CatalogueRow>`select type as kind, name, sql as definition
      from sqlite_master order by type, name`.execute(db);
  return rows;
}

async function postgresSchema(db: InventoryDb): Promise<CatalogueRow[]> {
  const columns = await sql<CatalogueRow>`select 'column' as kind,
        table_name || '.' || lpad(ordinal_position::text, 3, '0') || ' ' || column_name as name,
        concat_ws(' ', data_type, 'collate=' || collation_name, 'nullable=' || is_nullable,
          'default=' || column_default) as definition
      from information_schema.columns where table_schema = current_schema()
      order by table_name, ordinal_position`.execute(db);
  const indexes = await sql<CatalogueRow>`select 'index' as kind, indexname as name,
        indexdef as definition
      from pg_indexes where schemaname = current_schema() order by indexname`.execute(db);
  const constraints = await sql<CatalogueRow>`select 'constraint' as kind,
        c.conrelid::regclass::text || '.' || c.conname as name,
        pg_get_constraintdef(c.oid) as definition
      from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where n.nspname = current_schema() order by 2`.execute(db);
  const triggers = await sql<CatalogueRow>`select 'trigger' as kind, t.tgname as name,
        pg_get_triggerdef(t.oid) as definition
      from pg_trigger t join pg_class r on r.oid = t.tgrelid
      join pg_namespace n on n.oid = r.relnamespace
      where n.nspname = current_schema() and not t.tgisinternal order by t.tgname`.execute(db);
  const functions = await sql<CatalogueRow>`select 'function' as kind,
        p.proname || '(' || pg_get_function_arguments(p.oid) || ')' as name,
        pg_get_functiondef(p.oid) as definition
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = current_schema() order by 2`.execute(db);
  return [columns, indexes, constraints, triggers, functions].flatMap((result) => result.rows);
}

function render(rows: CatalogueRow[]): string {
  return rows.map((row) => `${row.kind} ${row.name}\n  ${row.definition ?? '(none)'}\n`).join('');
}

describe.each(inventoryBackends())('the migrated schema on $name', (backend) => {
  it('is the one the released migrations have always built', async () => {
    const db = await backend.open();
    try {
      const rows = backend.name === 'sqlite' ? await sqliteSchema(db) : await postgresSchema(db);
      await expect(render(rows)).toMatchFileSnapshot(`./schema-snapshot/${backend.name}.txt`);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
