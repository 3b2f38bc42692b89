// How a list answers its stored rows: which columns it shows, and how. One description gives
// both the row as an object (`fromRow`, every answer) and, on SQLite, the same row as JSON text
// built by the statement that reads it: a page of 200 rows then crosses from its read worker as
// 200 strings, not 200 structured-cloned objects that the main thread would re-shape and
// serialise again (issue 25: CPU per page, docs/benchmarks.md).
import { sql, type RawBuilder } from 'kysely';

export interface AnswerRowShape {
  /** Every stored column, in the answer's order. */
  columns: readonly string[];
  /** Epoch-ms columns: answered as exact decimal text (read with exactColumnList). */
  timeColumns: ReadonlySet<string>;
  /** Stored, not answered. */
  hidden: readonly string[];
  /** 0/1 columns answered as booleans (1 is true, anything else false). */
  flags: readonly string[];
  /**
   * JSON-array text columns answered as their value, through `parse` (an unreadable text is
   * `[]`). The SQL form embeds the stored array as it is: the stored text is what the spec's
   * `toRow` wrote from a parsed record, so parsing it again changes nothing.
   */
  lists?: Readonly<Record<string, (text: string) => unknown>>;
}

export interface AnswerRow<Row> {
  fromRow(stored: Record<string, unknown>): Row;
  /**
   * SQLite: the row as JSON text, in the statement that reads it (`json_object` over the same
   * fields in the same order), byte for byte `JSON.stringify(fromRow(stored))`; `extraFields`
   * (`'name', value, …`) are added after its own, as a spread would add them.
   */
  sqliteJson(extraFields?: RawBuilder<unknown>): RawBuilder<string>;
}

export function answerRow<Row>(shape: AnswerRowShape): AnswerRow<Row> {
  const hidden = new Set(shape.hidden);
  const flags = new Set(shape.flags);
  const lists = shape.lists ?? {};
  const answered = shape.columns.filter((column) => !hidden.has(column));
  const isList = (column: string) => Object.prototype.hasOwnProperty.call(lists, column);
  // SQL text, not a tree of builders: compiled once here rather than on every page (30-odd
  // nested fragments were most of a page's query compilation). The names are the spec's own.
  const fieldSql = (column: string): string => {
    const ref = `"${column.replaceAll('"', '""')}"`;
    if (flags.has(column)) return `json(iif(${ref} = 1, 'true', 'false'))`;
    // CASE evaluates in order: json_type is asked only of valid JSON (it raises otherwise).
    if (isList(column))
      return `case when not json_valid(${ref}) then json_array() when json_type(${ref}) = 'array' then json(${ref}) else json_array() end`;
    return shape.timeColumns.has(column) ? `cast(${ref} as text)` : ref;
  };
  const ownFields = answered
    .map((column) => `'${column.replaceAll("'", "''")}', ${fieldSql(column)}`)
    .join(', ');
  return {
    fromRow(stored) {
      const row: Record<string, unknown> = {};
      for (const column of answered) {
        if (!(column in stored)) continue;
        const value = stored[column];
        if (flags.has(column)) row[column] = value === 1;
        else if (isList(column)) row[column] = lists[column]?.(String(value));
        else row[column] = value;
      }
      return row as Row;
    },
    sqliteJson: (extraFields) =>
      extraFields === undefined
        ? sql.raw<string>(`json_object(${ownFields})`)
        : sql<string>`json_object(${sql.raw(ownFields)}, ${extraFields})`,
  };
}
