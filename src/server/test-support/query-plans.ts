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
 * PostgreSQL plans that a small test table makes cheapest (read it all, or hash a join's inner
 * side) and a large one does not: priced out, the plan shows the index the planner would take at
 * scale (or still a Seq Scan when none serves).
 */
const PRICED_OUT = ['enable_seqscan', 'enable_hashjoin', 'enable_mergejoin'];

/** The plan of one recorded statement (on PostgreSQL with PRICED_OUT priced out). */
export async function explainPlan(db: InventoryDb, query: CompiledQuery): Promise<QueryPlan> {
  return db.connection().execute(async (connection) => {
    if (dialectOf(db) === 'sqlite') {
      const result = await connection.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      const steps = result.rows.map((row) => row.detail);
      return {
        text: steps.join('\n'),
        // A table-valued function's rows (json_each of a parameter) are the statement's own input.
        fullScans: steps.filter(
          (step) => /^SCAN /.test(step) && !/^SCAN (CONSTANT ROW|\w+ VIRTUAL TABLE)/.test(step),
        ),
      };
    }
    for (const method of PRICED_OUT)
      await connection.executeQuery(CompiledQuery.raw(`set ${method} = off`));
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
      for (const method of PRICED_OUT)
        await connection.executeQuery(CompiledQuery.raw(`reset ${method}`));
    }
  });
}
