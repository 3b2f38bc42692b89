export { decodeCsv } from './decode-csv';
export {
  CSV_BOM,
  CSV_LINE_END,
  csvTime,
  defineCsvColumns,
  encodeCsvCell,
  encodeCsvDocument,
  encodeCsvHeader,
  encodeCsvRecord,
  encodeCsvRow,
  neutraliseFormula,
  quoteCsvField,
  type CsvCell,
  type CsvColumn,
} from './csv';
