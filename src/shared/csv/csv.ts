// A dependency-free CSV encoder for the browser and the BFF alike: RFC 4180 quoting, CRLF line
// ends, and neutralisation of cells a spreadsheet would run as a formula (OWASP "CSV injection").

/** A cell as callers hand it over; `null`/`undefined` become an empty cell. */
export type CsvCell = string | number | boolean | null | undefined;

/** Spreadsheets read a UTF-8 file without it as their legacy code page and garble non-ASCII names. */
export const CSV_BOM = '\uFEFF';

export const CSV_LINE_END = '\r\n';

/** Leading characters that make Excel, LibreOffice or Sheets evaluate a cell as a formula. */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Prefixes `'` to text a spreadsheet would evaluate (`=HYPERLINK(...)`, `-1+1`, `@SUM(...)`), so
 * it shows as the text it is. Applied to text cells only: a real number (see `encodeCsvCell`)
 * keeps its sign, because `-1` in a numeric column is data, not a formula.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_TRIGGERS.has(text.charAt(0)) ? `'${text}` : text;
}

/** Wraps in double quotes, doubling inner ones, when the text holds `"`, `,`, CR or LF. */
export function quoteCsvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One cell's text. Numbers are written as JavaScript prints them and are not neutralised (a
 * negative number is a number); non-finite numbers are empty. Strings are neutralised, then
 * quoted. Ids must be passed as strings so that no digit of a 64-bit id is lost.
 */
export function encodeCsvCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'true' : 'false';
  return quoteCsvField(neutraliseFormula(cell));
}

/** One record, with its CRLF. */
export function encodeCsvRow(cells: readonly CsvCell[]): string {
  return cells.map(encodeCsvCell).join(',') + CSV_LINE_END;
}

export interface CsvColumn<T> {
  /** A stable machine name (for `columns=` selections). */
  key: string;
  /** The readable name in the header row. */
  header: string;
  value: (row: T) => CsvCell;
}

/** Declares a file's columns once, typed by the row; the order is the file's column order. */
export function defineCsvColumns<T>(columns: readonly CsvColumn<T>[]): readonly CsvColumn<T>[] {
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.key)) throw new Error(`CSV column key "${column.key}" is used twice`);
    seen.add(column.key);
  }
  return columns;
}

export function encodeCsvHeader<T>(columns: readonly CsvColumn<T>[]): string {
  return encodeCsvRow(columns.map((column) => column.header));
}

export function encodeCsvRecord<T>(columns: readonly CsvColumn<T>[], row: T): string {
  return encodeCsvRow(columns.map((column) => column.value(row)));
}

/** A file's opening, before its records: the BOM and the header row. */
export function encodeCsvHead<T>(columns: readonly CsvColumn<T>[]): string {
  return CSV_BOM + encodeCsvHeader(columns);
}

/** A whole file in memory (BOM, header, records). Streams write the same parts one by one. */
export function encodeCsvDocument<T>(
  columns: readonly CsvColumn<T>[],
  rows: Iterable<T>,
  options: { bom?: boolean } = {},
): string {
  const parts = [options.bom === false ? encodeCsvHeader(columns) : encodeCsvHead(columns)];
  for (const row of rows) parts.push(encodeCsvRecord(columns, row));
  return parts.join('');
}

/**
 * Epoch ms (a number, or exact decimal text) as ISO 8601 UTC (`2024-01-02T03:04:05.000Z`); empty
 * for a missing or invalid time.
 */
export function csvTime(epochMs: number | string | null | undefined): string | null {
  if (epochMs === null || epochMs === undefined || epochMs === '') return null;
  const ms = Number(epochMs);
  if (!Number.isFinite(ms)) return null;
  const date = new Date(ms);
  // Past the last date a Date holds (year 275760; every time past 2^53 is later), the exact
  // epoch-ms digits: a time is never rounded or dropped.
  if (Number.isNaN(date.getTime())) return typeof epochMs === 'string' ? epochMs : String(ms);
  return date.toISOString();
}
