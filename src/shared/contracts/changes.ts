// The change feed (GET /api/changes): what the sync engine recorded as it applied each change
// to the inventory, filtered by the list's own filters plus the event's type and time.
import { z } from 'zod';
import { CicdImagesListQuerySchema, RegistryImagesListQuerySchema, type ImageList } from './bff';
import { CICD_TIME_RANGES, REGISTRY_TIME_RANGES } from './hss';
import { checkTimeRanges, enumListParam, intParam } from './params';

/** The kinds of change one image can undergo, in the order the feed's counts list them. */
export const CHANGE_EVENT_TYPES = [
  'appeared',
  'removed',
  'rescanned',
  'severity_changed',
  'risk_changed',
  'scan_failed',
  'scan_recovered',
  'latest_version_changed',
] as const;
export type ChangeEventType = (typeof CHANGE_EVENT_TYPES)[number];

/** The marker a list's first complete crawl leaves instead of one `appeared` per image. */
export const BASELINE_EVENT = 'baseline';

export const CHANGES_LIMIT = { min: 1, max: 500, default: 50 } as const;
/** Deep enough for a year of a large estate's events; the feed is read newest first. */
export const CHANGES_OFFSET_MAX = 10_000_000;
const EPOCH_MS_MAX = 8_640_000_000_000_000;

/** The feed's own parameters, besides the list's filters. */
const changeShape = {
  event_type: enumListParam(CHANGE_EVENT_TYPES).optional(),
  /** Epoch ms, inclusive. */
  since: intParam(0, EPOCH_MS_MAX).optional(),
  /** Epoch ms, exclusive. */
  until: intParam(0, EPOCH_MS_MAX).optional(),
  offset: intParam(0, CHANGES_OFFSET_MAX).optional(),
  limit: intParam(CHANGES_LIMIT.min, CHANGES_LIMIT.max).optional(),
};

function checkSinceUntil(
  value: { since?: number | undefined; until?: number | undefined },
  ctx: { addIssue: (issue: { code: 'custom'; path: string[]; message: string }) => void },
): void {
  if (value.since !== undefined && value.until !== undefined && value.since >= value.until)
    ctx.addIssue({ code: 'custom', path: ['until'], message: 'must be after since' });
}

/** A list query without its paging and sort (the feed pages itself, newest first). */
function filtersOf<T extends Record<string, z.ZodType>>(shape: T) {
  const { offset: _offset, limit: _limit, sort_key: _key, sort_dir: _dir, ...filters } = shape;
  return filters;
}

export const RegistryChangesQuerySchema = z
  .strictObject({
    list: z.literal('registry', { error: 'must be registry or cicd' }).optional(),
    ...filtersOf(RegistryImagesListQuerySchema.shape),
    ...changeShape,
  })
  .superRefine((value, ctx) => {
    checkTimeRanges(value, ctx, REGISTRY_TIME_RANGES);
    checkSinceUntil(value, ctx);
  });
export type RegistryChangesQuery = z.infer<typeof RegistryChangesQuerySchema>;

export const CicdChangesQuerySchema = z
  .strictObject({
    list: z.literal('cicd', { error: 'must be registry or cicd' }),
    ...filtersOf(CicdImagesListQuerySchema.shape),
    ...changeShape,
  })
  .superRefine((value, ctx) => {
    checkTimeRanges(value, ctx, CICD_TIME_RANGES);
    checkSinceUntil(value, ctx);
  });
export type CicdChangesQuery = z.infer<typeof CicdChangesQuerySchema>;

/** The fields of a change that concern it, before and after (absent for appeared/removed). */
export type ChangeValues = Record<string, string | number | boolean | null>;

export interface ChangeEvent {
  id: number;
  /** Epoch ms when the sync applied the change. */
  at: number;
  list: ImageList;
  event_type: ChangeEventType;
  image: {
    /** The image's key in its list (the list's by-id route takes it). */
    id: string;
    image_id: string;
    namespace: string;
    image_name: string;
    image_version: string;
    image_digest: string;
  };
  before: ChangeValues | null;
  after: ChangeValues | null;
}

export interface ChangesPage {
  total_num: number;
  data_list: ChangeEvent[];
  /** Events per type among those matching every filter but event_type. */
  counts: Record<ChangeEventType, number>;
  /** When the list's first complete crawl left its baseline (null: none yet, no events). */
  baseline_at: number | null;
}
