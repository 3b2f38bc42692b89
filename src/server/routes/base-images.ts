// GET /api/base-images (the inventory's images grouped by basic image, with end of life and the
// enrichment's progress) and GET /api/base-images/export.csv (the same rows, every one, with the
// header row in `lang=`). Both read the inventory only: no upstream call, whatever the filters.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  BASE_IMAGES_EXPORT_COLUMNS,
  API_ROUTES,
  BaseImagesExportQuerySchema,
  BaseImagesQuerySchema,
  DEFAULT_EXPORT_LANGUAGE,
  type BaseImageRow,
  type BaseImagesPage,
  type BaseImagesQuery,
  type ExportLanguage,
} from '../../shared/contracts';
import { csvDownload, csvStream, fileDay } from './csv-download';
import { csvTime, defineCsvColumns, type CsvCell } from '../../shared/csv';
import {
  allBaseImages,
  buildBaseImagesPage,
  type BaseImagesRequest,
  type EnrichmentProgress,
} from '../base-images/base-images-answer';
import type { ClassifyEndOfLife } from '../base-images/base-images-store';
import { disconnectSignal } from '../serving/admission';
import { invalidParameter } from '../plugins/error-handler';
import { pickAccount } from './accounts';
import { scopeOf } from '../auth/request-scope';
import type { InventoryRouteDeps } from './types';
import { parseWith, rawQuery } from './validate';

export interface BaseImagesRouteDeps extends InventoryRouteDeps {
  classify: ClassifyEndOfLife;
  progress: EnrichmentProgress;
}

const TIME_KEYS = new Set(['newest_scan_time', 'oldest_scan_time']);

/** The export's columns with their header in `language`; times as ISO 8601 UTC. */
function csvColumns(language: ExportLanguage) {
  return defineCsvColumns<BaseImageRow>(
    BASE_IMAGES_EXPORT_COLUMNS.map((column) => ({
      key: column.key,
      header: column.titles[language],
      value: (row: BaseImageRow): CsvCell => {
        const value = row[column.key];
        return TIME_KEYS.has(column.key) ? csvTime(value) : value;
      },
    })),
  );
}

/** A name part safe for Content-Disposition. */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_');

export function registerBaseImageRoutes(app: FastifyInstance, deps: BaseImagesRouteDeps): void {
  /** What the page and the export both answer from: the caller's account, scope and filters. */
  const answerInput = (
    request: FastifyRequest,
    reply: FastifyReply,
    query: BaseImagesQuery,
  ): BaseImagesRequest => ({
    account: pickAccount(deps.accounts, 'huawei', query.account, scopeOf(request)).id,
    scopeNamespaces: scopeOf(request).namespaces ?? undefined,
    query,
    now: Date.now(),
    classify: deps.classify,
    progress: deps.progress,
    signal: disconnectSignal(reply.raw),
  });

  app.get(API_ROUTES.baseImages, async (request, reply): Promise<BaseImagesPage> => {
    const query = parseWith(BaseImagesQuerySchema, rawQuery(request));
    return buildBaseImagesPage(deps.db, answerInput(request, reply, query), deps.cache);
  });

  app.get(API_ROUTES.baseImagesExport, async (request, reply) => {
    const raw = rawQuery(request);
    // An export is every row: a script passing paging expects a page and must hear otherwise.
    for (const paging of ['offset', 'limit'])
      if (paging in raw)
        throw invalidParameter(paging, `${paging} is not accepted: an export has every row`);
    const { lang, ...query } = parseWith(BaseImagesExportQuerySchema, raw);
    const input = answerInput(request, reply, query);
    const all = await allBaseImages(deps.db, input, deps.cache);
    const columns = csvColumns(lang ?? DEFAULT_EXPORT_LANGUAGE);
    function* batches(): Generator<BaseImageRow[], void, undefined> {
      for (let start = 0; start < all.rows.length; start += 500)
        yield all.rows.slice(start, start + 500);
    }
    const fileName = `imagewatch-base-images-${fileSafe(input.account).slice(0, 64)}-${fileDay()}.csv`;
    return csvDownload(reply, fileName, all.rows.length).send(csvStream(columns, batches()));
  });
}
