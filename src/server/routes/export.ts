// CSV exports of the image lists (one route per list spec): the whole filtered set, with the list's own filters, search
// and sort, from one consistent snapshot of the inventory (export/export-stream.ts).
// Identical exports (same list, account, filters, sort, columns and inventory write version)
// share one generation through the export spool (export/export-spool.ts), which also caps
// concurrent generations and answers 429 with Retry-After when its queue is full.
// X-Total-Count goes out before the first row so that a client can tell a cut-off file from a
// whole one; a failure after the headers destroys the socket (Fastify does so for a stream that
// errors once headers are sent), so the download ends in a network error, never a clean end.
// A file asked for again is sent as the spool's gzip copy (Content-Encoding: gzip) to clients
// that accept gzip; X-Total-Count counts rows either way.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DEFAULT_EXPORT_LANGUAGE,
  EXPORT_HEADERS,
  exportFileName,
  exportHeader,
  type AssociateImage,
  type ExportValueStyle,
  type ExportLanguage,
} from '../../shared/contracts';
import { csvDownload } from './csv-download';
import {
  csvTime,
  defineCsvColumns,
  encodeCsvHead,
  encodeCsvRecord,
  type CsvCell,
  type CsvColumn,
} from '../../shared/csv';
import { DEFAULT_EXPORT_CONCURRENCY, type AccountConfig } from '../config';
import { INVENTORY_LISTS, type InventoryListSpec, type ListQuery } from '../lists';
import { listOrder, listWhere } from '../lists/list-store';
import type { InventoryDb } from '../store/db';
import {
  ExportAbortedError,
  ExportBusyError,
  ExportSpool,
  type ExportSpoolOptions,
  type ServedExport,
} from '../export/export-spool';
import { csvStream, openSnapshot } from '../export/export-stream';
import { exportValueLabel } from '../export/value-labels';
import { readInventoryVersion } from '../store/inventory-version';
import { HttpError } from '../plugins/error-handler';
import { listRequest } from './hss-images';
import type { SyncService } from './types';

// As openSnapshot reads them: times exact decimal text (the list's timeColumns), booleans 0/1,
// associated images JSON text.
const BOOLEAN_FIELDS = new Set(['latest_version', 'scannable', 'is_multiple_arch']);

/** Associated images as `namespace/name:version`, separated by `; `. */
function associationsText(stored: unknown): string {
  if (typeof stored !== 'string') return '';
  let list: unknown;
  try {
    list = JSON.parse(stored);
  } catch {
    return '';
  }
  if (!Array.isArray(list)) return '';
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return list
    .map(
      (item: Partial<Record<keyof AssociateImage, unknown>>) =>
        `${text(item.namespace)}/${text(item.image_name)}:${text(item.image_version)}`,
    )
    .join('; ');
}

/** A stored field as a CSV cell: times ISO 8601 UTC, sizes and counts as numbers (bytes), ids as text. */
function storedCell(
  key: string,
  value: unknown,
  style: ExportValueStyle,
  language: ExportLanguage,
  timeColumns: ReadonlySet<string>,
): CsvCell {
  if (timeColumns.has(key))
    return csvTime(typeof value === 'number' || typeof value === 'string' ? value : null);
  if (BOOLEAN_FIELDS.has(key)) return value === 1 || value === true;
  if (key === 'association_images') return associationsText(value);
  if (typeof value === 'string') return exportValueLabel(key, value, style, language);
  if (typeof value === 'number') return value;
  return null;
}

/** Values in the order of the selected columns (see openSnapshot). */
type StoredRow = unknown[];

/**
 * The file's columns: the selected keys (validated against `all`), each reading its own index,
 * titled in `language`; cells are the same in every language, but for the code columns' labels
 * when `style` is `labels`.
 */
function csvColumnsFor(
  spec: Pick<InventoryListSpec, 'exportColumns' | 'timeColumns'>,
  selected: readonly string[] | undefined,
  style: ExportValueStyle,
  language: ExportLanguage,
): readonly CsvColumn<StoredRow>[] {
  const all = spec.exportColumns;
  const byKey = new Map(all.map((column) => [column.key, column]));
  const keys = (selected ?? all.map((column) => column.key)).filter((key) => byKey.has(key));
  return defineCsvColumns<StoredRow>(
    keys.map((key, index) => {
      const column = byKey.get(key);
      return {
        key,
        header: column ? exportHeader(column, language) : key,
        value: (row: StoredRow) => storedCell(key, row[index], style, language, spec.timeColumns),
      };
    }),
  );
}

export interface ExportRouteDeps {
  accounts: readonly AccountConfig[];
  db: InventoryDb;
  sync: SyncService;
  /** Where shared export files are spooled (`<DATA_DIR>/exports`); default: a temporary directory. */
  spoolDir?: string | undefined;
  /** EXPORT_CONCURRENCY: distinct export generations at once (default 2). */
  exportConcurrency?: number | undefined;
  /** Tests: the spool's queue and wait limits. */
  spoolLimits?: Pick<ExportSpoolOptions, 'queueLimit' | 'maxWaitMs' | 'maxBytes' | 'maxAgeMs'>;
  /** Tests only: runs before each streamed batch; throwing cuts the stream mid-way. */
  beforeBatch?: (rowsSoFar: number) => void | Promise<void>;
}

/** JSON with sorted keys (and bigints as text), so equal queries give equal identities. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return item.toString();
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const record = item as Record<string, unknown>;
      return Object.fromEntries(
        Object.keys(record)
          .sort()
          .filter((key) => record[key] !== undefined)
          .map((key) => [key, record[key]]),
      );
    }
    return item;
  });
}

/** A `start_*` time filter without its `end_*` reads up to "now": such a file is never shared. */
function readsUpToNow(filters: Record<string, unknown>): boolean {
  return Object.keys(filters).some(
    (key) =>
      key.startsWith('start_') &&
      filters[key] !== undefined &&
      filters[`end_${key.slice('start_'.length)}`] === undefined,
  );
}

/**
 * Whether an Accept-Encoding header allows gzip: `gzip` (or `x-gzip`) or `*` with a non-zero
 * quality, unless gzip itself is refused with `q=0` (RFC 9110 §12.5.3).
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  const qualities = new Map<string, number>();
  for (const part of text.split(',')) {
    const [name = '', ...parameters] = part.split(';').map((item) => item.trim().toLowerCase());
    if (name === '') continue;
    const q = parameters.find((parameter) => /^q\s*=/.test(parameter));
    const quality = q === undefined ? 1 : Number(q.slice(q.indexOf('=') + 1).trim());
    qualities.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(quality) ? quality : 0);
  }
  const gzip = qualities.get('gzip');
  if (gzip !== undefined) return gzip > 0;
  return (qualities.get('*') ?? 0) > 0;
}

/** Aborts when the client goes away before the response has finished. */
function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** One list's export as asked: whose rows, which columns, in which words, filtered how. */
interface ListExport {
  spec: InventoryListSpec;
  account: string;
  selected: readonly string[] | undefined;
  style: ExportValueStyle;
  language: ExportLanguage;
  filters: ListQuery;
}

/**
 * The export's file from the spool: shared with an identical one asked before, else generated
 * from a snapshot. A full queue is a 429 with its Retry-After.
 */
async function serveListExport(
  spool: ExportSpool,
  deps: ExportRouteDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  { spec, account, selected, style, language, filters }: ListExport,
): Promise<ServedExport> {
  const columns = csvColumnsFor(spec, selected, style, language);
  const keys = columns.map((column) => column.key);
  const now = Date.now();
  const identity = canonicalJson({
    account,
    columns: keys,
    values: style,
    lang: language,
    filters,
    ...(readsUpToNow(filters) ? { now } : {}),
  });
  try {
    return await spool.serve(
      {
        list: spec.name,
        identity,
        version: await readInventoryVersion(deps.db, spec.name),
        generate: async () => {
          const reader = await openSnapshot(
            deps.db,
            spec.table,
            keys,
            listWhere(spec, account, filters, now),
            listOrder(spec, filters),
          );
          return {
            total: reader.total,
            version: reader.version,
            body: csvStream(reader, {
              head: encodeCsvHead(columns),
              encodeRow: (row) => encodeCsvRecord(columns, row),
              beforeBatch: deps.beforeBatch,
            }),
          };
        },
      },
      clientGone(reply),
      { gzip: acceptsGzip(request.headers['accept-encoding']) },
    );
  } catch (error) {
    if (error instanceof ExportBusyError)
      throw new HttpError(429, 'throttled', error.message, { retryAfterMs: error.retryAfterMs });
    if (error instanceof ExportAbortedError) {
      // Nobody is left to answer; Fastify's 'close' handling drops the response.
      request.log.info('export cancelled by the client while waiting');
    }
    throw error;
  }
}

async function exportCsv(
  spool: ExportSpool,
  deps: ExportRouteDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  listExport: ListExport,
): Promise<FastifyReply> {
  const { spec, account, filters } = listExport;
  const served = await serveListExport(spool, deps, request, reply, listExport);
  const syncedAt = await spec.syncedAt(deps, account);
  csvDownload(reply, exportFileName(spec.name, account, new Date(), filters), served.total)
    .header(EXPORT_HEADERS.syncedAt, syncedAt === null ? 'never' : String(syncedAt))
    .header('Vary', 'Accept-Encoding');
  if (served.encoding === 'gzip') reply.header('Content-Encoding', 'gzip');
  return reply.send(served.body);
}

export function registerExportRoutes(app: FastifyInstance, deps: ExportRouteDeps): ExportSpool {
  const spool = new ExportSpool({
    dir: deps.spoolDir ?? mkdtempSync(path.join(tmpdir(), 'imagewatch-exports-')),
    removeDirOnClose: deps.spoolDir === undefined,
    concurrency: deps.exportConcurrency ?? DEFAULT_EXPORT_CONCURRENCY,
    ...deps.spoolLimits,
  });
  app.addHook('onClose', () => spool.close());

  for (const spec of INVENTORY_LISTS) {
    app.get(spec.routes.export, async (request, reply) => {
      const { account, query } = listRequest(
        { querySchema: spec.exportSchema, provider: spec.provider },
        deps.accounts,
        request,
      );
      const { columns: selected, values, lang, offset: _offset, limit: _limit, ...filters } = query;
      return exportCsv(spool, deps, request, reply, {
        spec,
        account: account.id,
        selected,
        style: values ?? 'codes',
        language: lang ?? DEFAULT_EXPORT_LANGUAGE,
        filters,
      });
    });
  }

  return spool;
}
