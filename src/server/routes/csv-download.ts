// The headers every CSV download carries, in one place: the five export routes differ only in
// the file's name, its row count and their own extra headers. And the file's bytes, streamed.
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { EXPORT_HEADERS } from '../../shared/contracts';
import { encodeCsvHead, encodeCsvRecord, type CsvColumn } from '../../shared/csv';

/** Today's date (UTC, `YYYY-MM-DD`), as the export file names carry it. */
export function fileDay(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/**
 * A UTF-8 CSV saved as `fileName`, never cached, with its row count in X-Total-Count (sent before
 * the first row, so that a client can tell a cut-off file from a whole one).
 */
export function csvDownload(reply: FastifyReply, fileName: string, rows: number): FastifyReply {
  return reply
    .header('Content-Type', 'text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${fileName}"`)
    .header(EXPORT_HEADERS.totalCount, String(rows))
    .header('Cache-Control', 'no-store');
}

/**
 * A CSV file's bytes: BOM and header, then each batch's records as it comes (one chunk a batch:
 * batches of a few hundred rows keep the event loop free for other requests). A failure mid-way
 * cuts the response, so a file is whole or visibly broken.
 */
export function csvStream<T>(
  columns: readonly CsvColumn<T>[],
  batches: Iterable<readonly T[]> | AsyncIterable<readonly T[]>,
): Readable {
  async function* chunks(): AsyncGenerator<string, void, undefined> {
    yield encodeCsvHead(columns);
    for await (const batch of batches)
      yield batch.map((row) => encodeCsvRecord(columns, row)).join('');
  }
  return Readable.from(chunks());
}
