// The change feed (GET /api/changes): what the sync engine recorded as it applied each change
// to the inventory, filtered by the list's own filters plus the event's type and time.
import { z } from 'zod';
import { CicdImagesListQuerySchema, RegistryImagesListQuerySchema } from './bff';
import { CICD_TIME_RANGES, REGISTRY_TIME_RANGES } from './hss';
import { checkTimeRanges, enumListParam, intParam } from './params';
import { CHANGE_EVENT_TYPES, CHANGES_LIMIT, CHANGES_OFFSET_MAX } from './changes-facts';

// Its facts without zod are in changes-facts.ts; importers of this module still find them here.
export * from './changes-facts';

/** The feed's own parameters, besides the list's filters. */
const EPOCH_MS_MAX = 8_640_000_000_000_000;

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
  { since, until }: Record<string, unknown>,
  ctx: { addIssue: (issue: { code: 'custom'; path: string[]; message: string }) => void },
): void {
  if (typeof since === 'number' && typeof until === 'number' && since >= until)
    ctx.addIssue({ code: 'custom', path: ['until'], message: 'must be after since' });
}

/** A list query without its paging and sort (the feed pages itself, newest first). */
function filtersOf<T extends Record<string, z.ZodType>>(shape: T) {
  const { offset: _offset, limit: _limit, sort_key: _key, sort_dir: _dir, ...filters } = shape;
  return filters;
}

/** A list's feed query: the list, its filters (time ranges checked) and the feed's own. */
function changesQuerySchema<List extends z.ZodType, Filters extends Record<string, z.ZodType>>(
  list: List,
  listQueryShape: Filters,
  timeRanges: readonly string[],
) {
  return z
    .strictObject({ list, ...filtersOf(listQueryShape), ...changeShape })
    .superRefine((value, ctx) => {
      checkTimeRanges(value, ctx, timeRanges);
      checkSinceUntil(value, ctx);
    });
}

const NOT_A_LIST = { error: 'must be registry or cicd' };

export const RegistryChangesQuerySchema = changesQuerySchema(
  z.literal('registry', NOT_A_LIST).optional(),
  RegistryImagesListQuerySchema.shape,
  REGISTRY_TIME_RANGES,
);
export type RegistryChangesQuery = z.infer<typeof RegistryChangesQuerySchema>;

export const CicdChangesQuerySchema = changesQuerySchema(
  z.literal('cicd', NOT_A_LIST),
  CicdImagesListQuerySchema.shape,
  CICD_TIME_RANGES,
);
export type CicdChangesQuery = z.infer<typeof CicdChangesQuerySchema>;
