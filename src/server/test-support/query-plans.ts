// Tests only: the statements a piece of code runs, and each one's plan (EXPLAIN QUERY PLAN on
// SQLite, EXPLAIN on PostgreSQL), so a test can say that a read never walks a whole table.
import { CompiledQuery, type KyselyPlugin } from 'kysely';
import type { InventoryDb } from '../store/db';
import { dialectOf } from '../store/dialect';

/** `db` with every statement it runs recorded, compiled (text and parameters), in order. */
export function recordingQueries(db: InventoryDb): { db: InventoryDb; queries: CompiledQuery[] } {
  const queries: CompiledQuery[] = [];
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }) {
      queries.push(db.getExecutor().compileQuery(node, queryId));
      return node;
    },
    transformResult: ({ result }) => Promise.resolve(result),
  };
  return { db: db.withPlugin(plugin), queries };
}

export interface QueryPlan {
  /** The plan as the database prints it, a step a line. */
  text: string;
  /** The steps that read a whole table or a whole index (no leading columns given). */
  fullScans: string[];
}

/**
 * The plan of one recorded statement. On PostgreSQL sequential scans are priced out first, so
 * that a small test table shows the index the planner would take at scale (or a Seq Scan when
 * none serves).
 */
export async function explainPlan(db: InventoryDb, query: CompiledQuery): Promise<QueryPlan> {
  return db.connection().execute(async (connection) => {
    if (dialectOf(db) === 'sqlite') {
      const result = await connection.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const steps = result.rows.map((row) => row.detail);
      return {
        text: steps.join('\n'),
        fullScans: steps.filter((step) => /^SCAN /.test(step) && !/^SCAN CONSTANT ROW/.test(step)),
      };
    }
    await connection.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
    try {
      const result = await connection.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
      );
      const lines = result.rows.map((row) => row['QUERY PLAN']);
      const fullScans = lines.filter((line, index) => {
        if (/Seq Scan on/.test(line)) return true;
        if (!/Index (Only )?Scan/.test(line) || /Bitmap/.test(line)) return false;
        // An index scan without an Index Cond walks the whole index.
        const details = lines.slice(index + 1);
        const end = details.findIndex((next) => next.includes('->'));
        return !details
          .slice(0, end === -1 ? undefined : end)
          .some((d) => d.includes('Index Cond'));
      });
      return { text: lines.join('\n'), fullScans };
    } finally {
      await connection.executeQuery(CompiledQuery.raw('reset enable_seqscan'));
    }
  });
}
