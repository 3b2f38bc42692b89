import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CSV_BOM,
  csvTime,
  decodeCsv,
  defineCsvColumns,
  encodeCsvCell,
  encodeCsvDocument,
  encodeCsvHeader,
  encodeCsvRecord,
  encodeCsvRow,
  neutraliseFormula,
} from '.';

describe('encodeCsvRow', () => {
  it('ends every record with CRLF and joins cells with commas', () => {
    expect(encodeCsvRow(['a', 'b', 'c'])).toBe('a,b,c\r\n');
    expect(encodeCsvRow([])).toBe('\r\n');
  });

  it('quotes a cell holding a quote, comma, CR or LF, and doubles inner quotes', () => {
    expect(encodeCsvRow(['say "hi"'])).toBe('"say ""hi"""\r\n');
    expect(encodeCsvRow(['a,b'])).toBe('"a,b"\r\n');
    expect(encodeCsvRow(['line1\nline2'])).toBe('"line1\nline2"\r\n');
    expect(encodeCsvRow(['x\ry'])).toBe('"x\ry"\r\n');
    expect(encodeCsvRow(['plain text'])).toBe('plain text\r\n');
  });

  it('writes null and undefined as empty cells, booleans as words', () => {
    expect(encodeCsvRow([null, undefined, true, false, 0])).toBe(',,true,false,0\r\n');
  });

  it('writes non-finite numbers as empty cells', () => {
    expect(encodeCsvRow([Number.NaN, Number.POSITIVE_INFINITY])).toBe(',\r\n');
  });
});

describe('formula injection', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('prefixes a text cell starting with %j', (trigger) => {
    const text = `${trigger}1+1`;
    expect(neutraliseFormula(text)).toBe(`'${text}`);
    const encoded = encodeCsvCell(text);
    expect(encoded.replace(/^"|"$/g, '').startsWith(`'${trigger}`)).toBe(true);
  });

  it('quotes a neutralised cell when it also needs quotes', () => {
    expect(encodeCsvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(encodeCsvCell('\rdata')).toBe('"\'\rdata"');
  });

  it('neutralises "-1" as text but leaves the number -1 alone', () => {
    expect(encodeCsvCell('-1')).toBe("'-1");
    expect(encodeCsvCell(-1)).toBe('-1');
    expect(encodeCsvCell(-0.5)).toBe('-0.5');
  });

  it('leaves text that only contains a trigger later on', () => {
    expect(neutraliseFormula('a=b')).toBe('a=b');
    expect(neutraliseFormula('v1.2-rc')).toBe('v1.2-rc');
    expect(neutraliseFormula('')).toBe('');
  });
});

describe('columns', () => {
  interface Tag {
    id: string;
    name: string;
    size: number;
    created: number | null;
  }
  const columns = defineCsvColumns<Tag>([
    { key: 'id', header: 'Image ID', value: (row) => row.id },
    { key: 'name', header: 'Tag, name', value: (row) => row.name },
    { key: 'size', header: 'Size (bytes)', value: (row) => row.size },
    { key: 'created', header: 'Created (UTC)', value: (row) => csvTime(row.created) },
  ]);

  it('writes a header of readable names, quoted where needed', () => {
    expect(encodeCsvHeader(columns)).toBe('Image ID,"Tag, name",Size (bytes),Created (UTC)\r\n');
  });

  it('keeps every digit of a 19-digit id and writes times as ISO 8601 UTC', () => {
    const row = { id: '9223372036854775807', name: 'v1', size: 27107966, created: 1572839125000 };
    expect(encodeCsvRecord(columns, row)).toBe(
      '9223372036854775807,v1,27107966,2019-11-04T03:45:25.000Z\r\n',
    );
  });

  it('keeps non-ASCII names as they are, after a UTF-8 BOM', () => {
    const rows = [{ id: '1', name: '镜像-测试 ünïcødé', size: 1, created: null }];
    const document = encodeCsvDocument(columns, rows);
    expect(document.startsWith(CSV_BOM)).toBe(true);
    expect(document).toBe(
      `${CSV_BOM}Image ID,"Tag, name",Size (bytes),Created (UTC)\r\n1,镜像-测试 ünïcødé,1,\r\n`,
    );
    const bytes = new TextEncoder().encode(document);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(encodeCsvDocument(columns, rows, { bom: false }).startsWith('Image ID')).toBe(true);
  });

  it('refuses two columns with one key', () => {
    expect(() =>
      defineCsvColumns<Tag>([
        { key: 'id', header: 'A', value: (row) => row.id },
        { key: 'id', header: 'B', value: (row) => row.name },
      ]),
    ).toThrow(/used twice/);
  });
});

describe('csvTime', () => {
  it('is empty for a missing time', () => {
    expect(csvTime(null)).toBeNull();
    expect(csvTime(undefined)).toBeNull();
    expect(csvTime(Number.NaN)).toBeNull();
    expect(csvTime('')).toBeNull();
  });

  it('writes ISO 8601 UTC, and the exact milliseconds past the last date a Date holds', () => {
    expect(csvTime(Date.UTC(2025, 0, 2, 3, 4, 5))).toBe('2025-01-02T03:04:05.000Z');
    expect(csvTime(String(Date.UTC(2025, 0, 2, 3, 4, 5)))).toBe('2025-01-02T03:04:05.000Z');
    expect(csvTime(8.64e15 + 1)).toBe('8640000000000001');
    expect(csvTime('9007199254740993')).toBe('9007199254740993');
    expect(csvTime('9223372036854775807')).toBe('9223372036854775807');
  });
});

/**
 * An RFC 4180 reader written apart from the encoder and `decodeCsv`, and strict: every field is
 * either bare (no quote, comma, CR or LF) or quoted with inner quotes doubled, and every record
 * ends with CRLF. Anything else throws, so the encoder's output must be well-formed, not just
 * readable by a lenient parser. A leading BOM is required (the exports carry one).
 */
function readStrictCsv(text: string): string[][] {
  if (!text.startsWith('\uFEFF')) throw new Error('no BOM');
  const field = /"((?:[^"]|"")*)"(,|\r\n)|([^",\r\n]*)(,|\r\n)/y;
  const records: string[][] = [];
  let record: string[] = [];
  field.lastIndex = 1;
  while (field.lastIndex < text.length) {
    const at = field.lastIndex;
    const match = field.exec(text);
    if (!match)
      throw new Error(`malformed CSV at ${at}: ${JSON.stringify(text.slice(at, at + 8))}`);
    const [, quoted, quotedEnd, bare, bareEnd] = match;
    record.push(quoted !== undefined ? quoted.replaceAll('""', '"') : (bare ?? ''));
    if ((quotedEnd ?? bareEnd) === '\r\n') {
      records.push(record);
      record = [];
    }
  }
  if (record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

/** OWASP "CSV injection": the leading characters a spreadsheet evaluates, stated here on their own. */
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r'];

/** Text cells from all of Unicode, dense in what CSV and spreadsheets treat specially. */
const textCell = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 4 }), // any code point, astral planes included
      fc.string({ unit: 'grapheme', maxLength: 3 }), // combining sequences, emoji
      fc.constantFrom(
        '"',
        '""',
        ',',
        '\r',
        '\n',
        '\r\n',
        '\t',
        ...FORMULA_STARTS,
        '\uFEFF',
        'e\u0301',
        '\u{1F600}',
        '\u{1D11E}',
        '\u{10FFFF}',
        ' ',
      ),
    ),
    { maxLength: 6 },
  )
  .map((pieces) => pieces.join(''));

describe('decodeCsv', () => {
  it('every text cell reads back, neutralised, through an independent strict RFC 4180 reader', () => {
    fc.assert(
      fc.property(fc.array(fc.array(textCell, { minLength: 1, maxLength: 5 })), (rows) => {
        const text = CSV_BOM + rows.map((cells) => encodeCsvRow(cells)).join('');
        const expected = rows.map((cells) =>
          cells.map((cell) => (FORMULA_STARTS.includes(cell.charAt(0)) ? `'${cell}` : cell)),
        );
        expect(readStrictCsv(text)).toEqual(expected);
        // The bytes are UTF-8 with its BOM, and survive a strict decode unchanged.
        const bytes = new TextEncoder().encode(text);
        expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)).toBe(text);
        // And the project's own reader agrees with the independent one.
        expect(decodeCsv(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('the strict reader itself refuses malformed CSV (so the property above can fail)', () => {
    expect(() => readStrictCsv(`${CSV_BOM}a"b\r\n`)).toThrow(/malformed/);
    expect(() => readStrictCsv(`${CSV_BOM}"a"b\r\n`)).toThrow(/malformed/);
    expect(() => readStrictCsv(`${CSV_BOM}a\nb\r\n`)).toThrow(/malformed/);
    expect(() => readStrictCsv(`${CSV_BOM}a,b`)).toThrow(/malformed|CRLF/);
    expect(() => readStrictCsv('a\r\n')).toThrow(/BOM/);
    expect(readStrictCsv(`${CSV_BOM}"x\r\n""y""",\r\n\r\n`)).toEqual([['x\r\n"y"', ''], ['']]);
  });

  it('refuses text that ends inside quotes', () => {
    expect(() => decodeCsv('"open')).toThrow(/quoted field/);
  });
});
