// Kysely's SQLite driver prepares every statement it runs. Preparing compiles the statement with
// every trigger it fires, and the inventory's lists and basic images carry many (the kept
// aggregates, the images by base, the facets). The statements a process runs are few and repeat,
// so each is prepared once and kept, as the read pool's workers already do (four SQLite-heavy
// test files: 56 s of CPU before, 46 s after).
import type Database from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * A kept write holds its compiled triggers: about 1 MiB for a basic-image insert or delete, 0.2-0.7
 * MiB for a list's insert or update, 23 KiB for a select (measured). 64 keeps the repeated ones
 * (a sync's or an answer's few writes) at a bounded cost; an IN list's length makes a new text.
 */
export const KEPT_STATEMENTS = 64;

/**
 * `sqlite` for Kysely's SqliteDialect, its statements prepared once per SQL text (the least
 * recently used dropped beyond `limit`). A statement still being iterated (a stream) is not
 * handed out again: that statement is prepared anew for the second caller.
 */
export function withKeptStatements(
  sqlite: Database.Database,
  limit = KEPT_STATEMENTS,
): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText) {
      const kept = statements.get(sqlText);
      if (kept !== undefined && !kept.busy) {
        // Re-inserted: the Map's order is the order of use.
        statements.delete(sqlText);
        statements.set(sqlText, kept);
        return kept;
      }
      const statement = sqlite.prepare(sqlText);
      if (kept === undefined) {
        if (statements.size >= limit) statements.delete(statements.keys().next().value!);
        statements.set(sqlText, statement);
      }
      return statement;
    },
  };
}
