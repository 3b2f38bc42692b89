// Counts CSV records in a byte stream as it arrives, for the export's progress bar and its final
// row-count check. Works on bytes: in UTF-8 the bytes of `"`, CR and LF never occur inside a
// multi-byte character, so no decoding is needed. A CRLF inside a quoted field is data, not a
// record end; a doubled quote `""` toggles twice and so leaves the state as it was.

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export class CsvRecordCounter {
  private inQuotes = false;
  private previous = -1;
  /** Complete records (CRLF-terminated) seen so far, the header row included. */
  records = 0;
  bytes = 0;

  push(chunk: Uint8Array): void {
    let { inQuotes, previous, records } = this;
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index] ?? 0;
      if (byte === QUOTE) inQuotes = !inQuotes;
      else if (byte === LF && previous === CR && !inQuotes) records += 1;
      previous = byte;
    }
    this.inQuotes = inQuotes;
    this.previous = previous;
    this.records = records;
    this.bytes += chunk.length;
  }

  /** Data rows: records after the header row. */
  get dataRows(): number {
    return Math.max(0, this.records - 1);
  }
}
