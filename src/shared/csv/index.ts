export * from './csv';
export { decodeCsv } from './decode-csv';
