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

describe('decodeCsv', () => {
  it('reads back what the encoder wrote, for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 })), (rows) => {
        const text = CSV_BOM + rows.map((cells) => encodeCsvRow(cells)).join('');
        const expected = rows.map((cells) => cells.map(neutraliseFormula));
        // A record of one empty cell is an empty line, which reads back as one empty field.
        expect(decodeCsv(text)).toEqual(expected);
      }),
    );
  });

  it('refuses text that ends inside quotes', () => {
    expect(() => decodeCsv('"open')).toThrow(/quoted field/);
  });
});
