// GET /api/base-images and its CSV export: the inventory's images grouped by their basic image
// (ListImageBasicImage answers, looked up in the background within the call budget).
import { z } from 'zod';
import { BASE_IMAGE_EOL_STATUSES } from './base-images-facts';
import {
  BASE_IMAGE_FILTER_LENGTH,
  BASE_IMAGES_LIMIT,
  BASE_IMAGES_OFFSET_MAX,
  BASE_IMAGES_SORT_KEYS,
  type BaseImageRow,
  type BaseImagesPage,
} from './base-images-page-facts';
import { SORT_DIRS } from './enums';
import { EXPORT_LANGUAGES } from './export-headers';
import { enumListParam, enumParam, intParam, textParam } from './params';

export * from './base-images-page-facts';

const filterText = () => textParam(BASE_IMAGE_FILTER_LENGTH.min, BASE_IMAGE_FILTER_LENGTH.max);

/** The filters: exact OS, OS version and layer digest; end-of-life statuses (any of them). */
const baseImagesFilterShape = {
  account: textParam(1, 64).optional(),
  os_name: filterText().optional(),
  os_version: filterText().optional(),
  layer_digest: filterText().optional(),
  eol: enumListParam(BASE_IMAGE_EOL_STATUSES).optional(),
  sort_key: enumParam(BASE_IMAGES_SORT_KEYS).optional(),
  sort_dir: enumParam(SORT_DIRS).optional(),
};

export const BaseImagesQuerySchema = z.strictObject({
  ...baseImagesFilterShape,
  offset: intParam(0, BASE_IMAGES_OFFSET_MAX).optional(),
  limit: intParam(BASE_IMAGES_LIMIT.min, BASE_IMAGES_LIMIT.max).optional(),
});
export type BaseImagesQuery = z.infer<typeof BaseImagesQuerySchema>;

/** The export: the same filters and sort, every row (offset and limit are refused), `lang=`. */
export const BaseImagesExportQuerySchema = z.strictObject({
  ...baseImagesFilterShape,
  lang: z.enum(EXPORT_LANGUAGES, { error: 'must be en or zh-CN' }).optional(),
});
export type BaseImagesExportQuery = z.infer<typeof BaseImagesExportQuerySchema>;

const count = z.number().int().nonnegative();

export const BaseImageRowSchema = z.object({
  os_name: z.string(),
  os_version: z.string(),
  layer_digest: z.string(),
  registry_images: count,
  cicd_images: count,
  images: count,
  namespaces: count,
  high_risk_images: count,
  vul_num: count,
  eol: z.enum(BASE_IMAGE_EOL_STATUSES),
  eol_date: z.string().nullable(),
  newest_scan_time: z.number().nullable(),
  oldest_scan_time: z.number().nullable(),
});

export const BaseImagesEnrichmentSchema = z.object({
  enabled: z.boolean(),
  known: count,
  total: count,
  none: count,
  calls: count,
  eta_ms: z.number().nonnegative().nullable(),
});

export const BaseImagesPageSchema = z.object({
  total_num: count,
  enrichment: BaseImagesEnrichmentSchema,
  eol_images: count,
  data_list: z.array(BaseImageRowSchema),
});

// The schemas describe the facts' interfaces exactly (checked here, at compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rowShapeAgrees: Same<z.infer<typeof BaseImageRowSchema>, BaseImageRow> = true;
const pageShapeAgrees: Same<z.infer<typeof BaseImagesPageSchema>, BaseImagesPage> = true;
void rowShapeAgrees;
void pageShapeAgrees;
