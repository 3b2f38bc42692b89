import { describe, expect, it } from 'vitest';
import { CSV_BOM, encodeCsvRow } from '../../shared/csv';
import { CsvRecordCounter } from './csv-record-counter';

const encoder = new TextEncoder();

function countInChunks(text: string, chunkSize: number): CsvRecordCounter {
  const bytes = encoder.encode(text);
  const counter = new CsvRecordCounter();
  for (let start = 0; start < bytes.length; start += chunkSize)
    counter.push(bytes.subarray(start, start + chunkSize));
  return counter;
}

describe('CsvRecordCounter', () => {
  const file =
    CSV_BOM +
    encodeCsvRow(['Namespace', 'Image name']) +
    encodeCsvRow(['team', 'line one\r\nline two']) +
    encodeCsvRow(['say "hi"', '镜像-ünïcödé']) +
    encodeCsvRow(['=1+1', '"\r\n"']);

  it('counts records, not CRLFs inside quoted fields, whatever the chunking', () => {
    for (const size of [1, 2, 3, 7, 64, 4096]) {
      const counter = countInChunks(file, size);
      expect(counter.records).toBe(4);
      expect(counter.dataRows).toBe(3);
      expect(counter.bytes).toBe(encoder.encode(file).length);
    }
  });

  it('does not count a record that has not ended yet', () => {
    const cut = file.slice(0, file.length - 2);
    expect(countInChunks(cut, 5).dataRows).toBe(2);
  });
});
