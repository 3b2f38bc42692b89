// CSV exports of the two image lists: the whole filtered set, with the list's own filters, search
// and sort, from one consistent snapshot of the inventory, streamed (inventory/export-stream.ts).
// X-Total-Count goes out before the first row so that a client can tell a cut-off file from a
// whole one; a failure after the headers destroys the socket (Fastify does so for a stream that
// errors once headers are sent), so the download ends in a network error, never a clean end.
import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  API_ROUTES,
  CICD_EXPORT_COLUMNS,
  CicdImagesExportQuerySchema,
  EXPORT_HEADERS,
  REGISTRY_EXPORT_COLUMNS,
  RegistryImagesExportQuerySchema,
  exportFileName,
  type AssociateImage,
  type ExportColumn,
  type ImageList,
} from '../../shared/contracts';
import {
  CSV_BOM,
  csvTime,
  defineCsvColumns,
  encodeCsvHeader,
  encodeCsvRecord,
  type CsvCell,
  type CsvColumn,
} from '../../shared/csv';
import type { AccountConfig } from '../config';
import { cicdImagesOrder, cicdImagesWhere } from '../inventory/cicd-images';
import type { InventoryDb } from '../inventory/db';
import { csvStream, openSnapshot, type SnapshotReader } from '../inventory/export-stream';
import { registryImagesOrder, registryImagesWhere } from '../inventory/registry-images';
import { pickAccount } from './accounts';
import { checkEnterpriseProject } from './hss-images';
import type { SyncService } from './types';
import { parseWith, rawQuery } from './validate';

// Stored as in tables.ts: times epoch ms, booleans 0/1, associated images JSON text.
const TIME_FIELDS = new Set(['latest_update_time', 'latest_scan_time', 'latest_sync_time']);
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
function storedCell(key: string, value: unknown): CsvCell {
  if (TIME_FIELDS.has(key)) return csvTime(typeof value === 'number' ? value : null);
  if (BOOLEAN_FIELDS.has(key)) return value === 1 || value === true;
  if (key === 'association_images') return associationsText(value);
  if (typeof value === 'string' || typeof value === 'number') return value;
  return null;
}

/** Values in the order of the selected columns (see openSnapshot). */
type StoredRow = unknown[];

/** The file's columns: the selected keys (validated against `all`), each reading its own index. */
function csvColumnsFor(
  all: readonly ExportColumn[],
  selected: readonly string[] | undefined,
): readonly CsvColumn<StoredRow>[] {
  const byKey = new Map(all.map((column) => [column.key, column]));
  const keys = (selected ?? all.map((column) => column.key)).filter((key) => byKey.has(key));
  return defineCsvColumns<StoredRow>(
    keys.map((key, index) => ({
      key,
      header: byKey.get(key)?.header ?? key,
      value: (row: StoredRow) => storedCell(key, row[index]),
    })),
  );
}

export interface ExportRouteDeps {
  accounts: readonly AccountConfig[];
  db: InventoryDb;
  sync: SyncService;
  /** Tests only: runs before each streamed batch; throwing cuts the stream mid-way. */
  beforeBatch?: (rowsSoFar: number) => void;
}

function sendCsv(
  reply: FastifyReply,
  deps: ExportRouteDeps,
  options: {
    list: ImageList;
    account: string;
    reader: SnapshotReader;
    head: string;
    encodeRow: (row: StoredRow) => string;
  },
): FastifyReply {
  const syncedAt = deps.sync.syncedAt(options.account, options.list);
  reply
    .header('Content-Type', 'text/csv; charset=utf-8')
    .header(
      'Content-Disposition',
      `attachment; filename="${exportFileName(options.list, options.account, new Date())}"`,
    )
    .header(EXPORT_HEADERS.totalCount, String(options.reader.total))
    .header(EXPORT_HEADERS.syncedAt, syncedAt === null ? 'never' : String(syncedAt))
    .header('Cache-Control', 'no-store');
  return reply.send(
    csvStream(options.reader, {
      head: options.head,
      encodeRow: options.encodeRow,
      beforeBatch: deps.beforeBatch,
    }),
  );
}

export function registerExportRoutes(app: FastifyInstance, deps: ExportRouteDeps): void {
  app.get(API_ROUTES.registryImagesExport, async (request, reply) => {
    const query = parseWith(RegistryImagesExportQuerySchema, rawQuery(request));
    const account = pickAccount(deps.accounts, 'huawei', query.account);
    checkEnterpriseProject(account, query.enterprise_project_id);
    const { columns: selected, offset: _offset, limit: _limit, ...filters } = query;
    const columns = csvColumnsFor(REGISTRY_EXPORT_COLUMNS, selected);
    const reader = await openSnapshot(
      deps.db,
      'registry_images',
      columns.map((column) => column.key),
      registryImagesWhere(account.id, filters, Date.now()),
      registryImagesOrder(filters),
    );
    return sendCsv(reply, deps, {
      list: 'registry',
      account: account.id,
      reader,
      head: CSV_BOM + encodeCsvHeader(columns),
      encodeRow: (row) => encodeCsvRecord(columns, row),
    });
  });

  app.get(API_ROUTES.cicdImagesExport, async (request, reply) => {
    const query = parseWith(CicdImagesExportQuerySchema, rawQuery(request));
    const account = pickAccount(deps.accounts, 'huawei', query.account);
    checkEnterpriseProject(account, query.enterprise_project_id);
    const { columns: selected, offset: _offset, limit: _limit, ...filters } = query;
    const columns = csvColumnsFor(CICD_EXPORT_COLUMNS, selected);
    const reader = await openSnapshot(
      deps.db,
      'cicd_images',
      columns.map((column) => column.key),
      cicdImagesWhere(account.id, filters, Date.now()),
      cicdImagesOrder(filters),
    );
    return sendCsv(reply, deps, {
      list: 'cicd',
      account: account.id,
      reader,
      head: CSV_BOM + encodeCsvHeader(columns),
      encodeRow: (row) => encodeCsvRecord(columns, row),
    });
  });
}
