// Huawei Cloud HSS v5: ListRegistryImages, ListCicdImages, ListImageBasicImage.
// Queries follow the vendor pages exactly (seeds 001, 003, 000: docs/upstream.md); responses are parsed
// tolerantly (real servers and the docs' own examples stray from the tables) and normalised.
import { z } from 'zod';
import {
  BASIC_IMAGE_TYPES,
  PIPELINE_TYPES,
  REGISTRY_IMAGE_TYPES,
  SCAN_STATUS_FILTERS,
  SEVERITY_LEVELS,
  SORT_DIRS,
  UPSTREAM_SORT_KEYS,
} from './enums';
import {
  CICD_LIMIT,
  CICD_TIME_RANGES,
  IMAGE_SIZE_MAX,
  IMAGE_TEXT_PARAM_LENGTHS,
  OFFSET_MAX,
  REGISTRY_LIMIT,
  REGISTRY_TIME_RANGES,
} from './hss-facts';
import { looseString, looseStrings } from './loose';
import {
  INT64_MAX,
  boolParam,
  checkTimeRanges,
  enumParam,
  int64Param,
  intParam,
  textParam,
} from './params';
// Its limits moved to hss-facts.ts (zod-free); importers of this module still find them here.
export * from './hss-facts';

// ---------------------------------------------------------------------------------------------
// Queries (shapes of the upstream parameters; all optional unless the vendor says otherwise)

/** An image list's text parameter, its length range from IMAGE_TEXT_PARAM_LENGTHS. */
function imageTextParam(name: keyof typeof IMAGE_TEXT_PARAM_LENGTHS) {
  const { min, max } = IMAGE_TEXT_PARAM_LENGTHS[name];
  return textParam(min, max).optional();
}

/** The image's name, as both image lists filter by it. */
const imageNameParams = {
  enterprise_project_id: imageTextParam('enterprise_project_id'),
  namespace: imageTextParam('namespace'),
  image_name: imageTextParam('image_name'),
  image_version: imageTextParam('image_version'),
};
/** Version, size and scan state filters of both image lists. */
const scanStateParams = {
  latest_version: boolParam().optional(),
  image_size: intParam(0, IMAGE_SIZE_MAX).optional(),
  scan_status: enumParam(SCAN_STATUS_FILTERS).optional(),
};
/** The risk flags both image lists filter by. */
const riskFlagParams = {
  has_malicious_file: boolParam().optional(),
  has_unsafe_setting: boolParam().optional(),
  has_vul: boolParam().optional(),
};

/** `start_<name>` and `end_<name>` (epoch ms) for each time range, in the order given. */
function timeRangeParams<const Name extends string>(names: readonly Name[]) {
  return Object.fromEntries(
    names.flatMap((name) => [
      [`start_${name}`, int64Param().optional()],
      [`end_${name}`, int64Param().optional()],
    ]),
  ) as Record<`start_${Name}` | `end_${Name}`, z.ZodOptional<ReturnType<typeof int64Param>>>;
}

export const registryImagesQueryShape = {
  ...imageNameParams,
  registry_name: imageTextParam('registry_name'),
  offset: intParam(0, OFFSET_MAX).optional(),
  limit: intParam(REGISTRY_LIMIT.min, REGISTRY_LIMIT.max).optional(),
  image_type: enumParam(REGISTRY_IMAGE_TYPES).optional(),
  sort_key: enumParam(UPSTREAM_SORT_KEYS).optional(),
  sort_dir: enumParam(SORT_DIRS).optional(),
  ...scanStateParams,
  ...timeRangeParams(REGISTRY_TIME_RANGES),
  ...riskFlagParams,
  risky: boolParam().optional(),
  instance_id: imageTextParam('instance_id'),
  instance_name: imageTextParam('instance_name'),
  is_multarch: boolParam().optional(),
  severity_level: enumParam(SEVERITY_LEVELS).optional(),
};

export const ListRegistryImagesQuerySchema = z
  .strictObject(registryImagesQueryShape)
  .superRefine((value, ctx) => checkTimeRanges(value, ctx, REGISTRY_TIME_RANGES));
export type ListRegistryImagesQuery = z.infer<typeof ListRegistryImagesQuerySchema>;

export const cicdImagesQueryShape = {
  ...imageNameParams,
  sort_key: enumParam(UPSTREAM_SORT_KEYS).optional(),
  sort_dir: enumParam(SORT_DIRS).optional(),
  limit: intParam(CICD_LIMIT.min, CICD_LIMIT.max).optional(),
  offset: intParam(0, OFFSET_MAX).optional(),
  image_id: imageTextParam('image_id'),
  cicd_name: imageTextParam('cicd_name'),
  /** From the HSS SDK model, not the vendor page. */
  pipeline_type: enumParam(PIPELINE_TYPES).optional(),
  ...scanStateParams,
  ...timeRangeParams(CICD_TIME_RANGES),
  ...riskFlagParams,
  severity_level: enumParam(SEVERITY_LEVELS).optional(),
  risky: boolParam().optional(),
};

export const ListCicdImagesQuerySchema = z
  .strictObject(cicdImagesQueryShape)
  .superRefine((value, ctx) => checkTimeRanges(value, ctx, CICD_TIME_RANGES));
export type ListCicdImagesQuery = z.infer<typeof ListCicdImagesQuerySchema>;

/** Image ids in the path: HSS ids are up to 128 characters of this alphabet. */
export const ImageIdPathSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(128, { error: 'must have at most 128 characters' })
  .regex(/^[A-Za-z0-9._:-]+$/, {
    error: 'must contain only letters, digits, ".", "_", ":" and "-"',
  })
  // "." and ".." would be dot segments in the upstream URL: a path traversal, not an id.
  .refine((value) => value !== '.' && value !== '..', { error: 'must not be "." or ".."' });

/** Java's Integer: the type seed 000 gives limit and offset, and all it says of their range. */
const SEED_INTEGER_MAX = 2_147_483_647;
/** Seed 000 gives its strings no length: this only guards the URL's size (it is not a range). */
const SEED_STRING_MAX = 1_024;
const seedString = () => textParam(1, SEED_STRING_MAX);

/** ListImageBasicImage's query as seed 000's table states it: only image_type is required. */
export const basicImageQueryShape = {
  enterprise_project_id: seedString().optional(),
  limit: intParam(0, SEED_INTEGER_MAX).optional(),
  offset: intParam(0, SEED_INTEGER_MAX).optional(),
  image_type: enumParam(BASIC_IMAGE_TYPES),
  namespace: seedString().optional(),
  image_name: seedString().optional(),
  image_version: seedString().optional(),
  os_name: seedString().optional(),
};

/**
 * ListImageBasicImage. The seed identifies a CI/CD image by image_type + image_id, any other
 * image by image_type + namespace + image_name + image_version, yet marks those three optional:
 * an image is named by whatever of them is given, with the path's image id.
 */
export const ListImageBasicImageQuerySchema = z.strictObject(basicImageQueryShape);
export type ListImageBasicImageQuery = z.infer<typeof ListImageBasicImageQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Tolerant response parsing. Upstream JSON is parsed with lossless numbers: safe integers
// arrive as numbers, larger ones as decimal strings (see server/upstream/json.ts).

/** A 64-bit id, given as a number or a string, normalised to its decimal string. */
export const Int64IdSchema = z
  .union([z.number(), z.string(), z.bigint()])
  .transform((value) =>
    typeof value === 'number' ? String(Math.trunc(value)) : String(value).trim(),
  )
  .refine((value) => /^-?\d+$/.test(value), { error: 'must be an integer' });

/** A count or size given as 1000, "1000" or "1,000 (bytes)"; anything else becomes 0. */
export const LooseCountSchema = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => {
    if (typeof value === 'number')
      return Number.isFinite(value) ? Math.max(0, Math.trunc(value)) : 0;
    if (typeof value === 'string') {
      const digits = value.replace(/[,\s_]/g, '').match(/^\d+/);
      return digits ? Number(digits[0]) : 0;
    }
    return 0;
  });

/** Epoch milliseconds as a number, or null when absent or zero ("never"). */
export const LooseTimeSchema = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => {
    const n = typeof value === 'string' ? Number(value.trim()) : value;
    return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.trunc(n) : null;
  });

/**
 * An HSS image time: epoch ms typed Long (up to 2^63-1), normalised to its exact decimal string,
 * or null when absent or zero ("never"). Lossless JSON parsing hands over numbers past 2^53 as
 * strings, so no digit is lost; compare such times as BigInt or in the database, never as numbers.
 */
export const EpochMsSchema = z
  .union([z.number(), z.string(), z.bigint()])
  .nullish()
  .transform((value): string | null => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'number') {
      return Number.isFinite(value) && value >= 1 ? String(Math.trunc(value)) : null;
    }
    const digits = String(value).trim();
    if (!/^\d{1,19}$/.test(digits)) return null;
    const exact = BigInt(digits);
    return exact > 0n && exact <= INT64_MAX ? exact.toString() : null;
  });
export type EpochMs = string;

const looseBool = z
  .union([z.boolean(), z.string(), z.number()])
  .nullish()
  .transform((value) => value === true || value === 'true' || value === 1);

/** `data_list` as documented (array), or as 003's example has it (one object), or absent. */
function looseList<T extends z.ZodType>(item: T) {
  return z
    .union([z.array(z.unknown()), z.record(z.string(), z.unknown())])
    .nullish()
    .transform((value) => (Array.isArray(value) ? value : value ? [value] : []))
    .pipe(z.array(item));
}

/**
 * A list page's `total_num`: a count read as LooseCountSchema reads one, or null when absent or
 * unreadable. Never 0 by default: a crawl that took a missing total for 0 would stop after one
 * page and sweep everything else.
 */
export const PageTotalSchema = z
  .unknown()
  .optional()
  .transform((value): number | null => {
    if (typeof value === 'number')
      return Number.isFinite(value) && value >= 0 ? Math.trunc(value) : null;
    if (typeof value === 'string') {
      const digits = value.replace(/[,\s_]/g, '').match(/^\d+/);
      return digits ? Number(digits[0]) : null;
    }
    return null;
  });

function rawLength(raw: unknown, field: string): number {
  if (typeof raw !== 'object' || raw === null) return 0;
  const value = (raw as Record<string, unknown>)[field];
  return Array.isArray(value) ? value.length : value && typeof value === 'object' ? 1 : 0;
}

/**
 * A list page parsed record by record: a record that does not parse is skipped on its own and
 * counted (`skipped_records`), as are association members dropped (`skipped_members`), so that
 * one bad record never costs the rest of the page. `total_num` is null when unreadable.
 */
function tolerantPage<T extends z.ZodType>(
  item: T,
  droppedMembers: (raw: unknown, parsed: z.infer<T>) => number = () => 0,
) {
  return z
    .object({ total_num: PageTotalSchema, data_list: looseList(z.unknown()) })
    .transform(({ total_num, data_list }) => {
      const records: Array<z.infer<T>> = [];
      let skippedRecords = 0;
      let skippedMembers = 0;
      for (const raw of data_list) {
        const parsed = item.safeParse(raw);
        if (!parsed.success) {
          skippedRecords += 1;
          continue;
        }
        records.push(parsed.data);
        skippedMembers += droppedMembers(raw, parsed.data);
      }
      return {
        total_num,
        data_list: records,
        skipped_records: skippedRecords,
        skipped_members: skippedMembers,
      };
    });
}

/** The risk counts of an image, as every HSS image record gives them. */
const riskCountFields = {
  vul_num: LooseCountSchema,
  unsafe_setting_num: LooseCountSchema,
  malicious_file_num: LooseCountSchema,
};

/** Version, scan result, size and times, as both image lists give them (in this order). */
const scanFields = {
  latest_version: looseBool,
  ...looseStrings('scan_status scan_failed_desc scan_failed_code'),
  image_size: LooseCountSchema,
  latest_update_time: EpochMsSchema,
  latest_scan_time: EpochMsSchema,
};

export const AssociateImageSchema = z.object({
  id: Int64IdSchema,
  ...looseStrings(
    'image_id image_name image_version image_type namespace image_digest scan_status',
  ),
  ...riskCountFields,
});
export type AssociateImage = z.infer<typeof AssociateImageSchema>;

/** RegistryImagesInfo, normalised: every field present, id as a decimal string. */
export const RegistryImageSchema = z.object({
  id: Int64IdSchema,
  ...looseStrings(
    'namespace image_name image_id image_digest image_version image_type registry_id registry_name registry_type',
  ),
  ...scanFields,
  latest_sync_time: EpochMsSchema,
  ...riskCountFields,
  ...looseStrings('domain_name shared_status'),
  scannable: looseBool,
  is_multiple_arch: looseBool,
  ...looseStrings('instance_name instance_id instance_url severity_level'),
  // A member without a readable id is dropped on its own (counted by the page, see tolerantPage).
  association_images: looseList(z.unknown()).transform((members) =>
    members.flatMap((member) => {
      const parsed = AssociateImageSchema.safeParse(member);
      return parsed.success ? [parsed.data] : [];
    }),
  ),
});
export type RegistryImage = z.infer<typeof RegistryImageSchema>;

export const ListRegistryImagesResponseSchema = tolerantPage(RegistryImageSchema, (raw, image) =>
  Math.max(0, rawLength(raw, 'association_images') - image.association_images.length),
);
export type ListRegistryImagesResponse = z.infer<typeof ListRegistryImagesResponseSchema>;

/** CICDImageResponseInfo, normalised. CI/CD images have no record `id`: `image_id` is the key. */
export const CicdImageSchema = z.object({
  ...looseStrings(
    'image_id cicd_name pipeline_type namespace image_name image_digest image_version registry_name image_type registry_type',
  ),
  ...scanFields,
  ...riskCountFields,
  severity_level: looseString,
});
export type CicdImage = z.infer<typeof CicdImageSchema>;

export const ListCicdImagesResponseSchema = tolerantPage(CicdImageSchema);
export type ListCicdImagesResponse = z.infer<typeof ListCicdImagesResponseSchema>;

export const BasicImageInfoSchema = z.object(looseStrings('os_name os_version layer_digest'));
export type BasicImageInfo = z.infer<typeof BasicImageInfoSchema>;

export const ListImageBasicImageResponseSchema = z.object({
  total_num: LooseCountSchema,
  data_list: looseList(BasicImageInfoSchema),
});
export type ListImageBasicImageResponse = z.infer<typeof ListImageBasicImageResponseSchema>;

/** HSS / APIG error body: `{error_code, error_msg, request_id?}`. */
export const HuaweiErrorBodySchema = z.object({
  error_code: z.string(),
  error_msg: z.string(),
  request_id: z.string().optional(),
});
export type HuaweiErrorBody = z.infer<typeof HuaweiErrorBodySchema>;
