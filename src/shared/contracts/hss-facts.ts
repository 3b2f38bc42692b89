// HSS list limits and time ranges (the vendor pages'): zod-free, for the browser's first page (facts.ts).
export const OFFSET_MAX = 2_000_000;
export const IMAGE_SIZE_MAX = 2_147_483_547;
export const REGISTRY_LIMIT = { min: 1, max: 200, default: 10 } as const;
export const CICD_LIMIT = { min: 10, max: 200, default: 10 } as const;

export const REGISTRY_TIME_RANGES = [
  'latest_update_time',
  'latest_scan_time',
  'latest_sync_time',
] as const;
export const CICD_TIME_RANGES = ['latest_update_time', 'latest_scan_time'] as const;

/**
 * Length ranges of the image lists' text parameters (the vendor pages'): hss.ts builds their
 * schemas from these, and the browser's filter inputs take their maximum lengths from here.
 */
export const IMAGE_TEXT_PARAM_LENGTHS = {
  enterprise_project_id: { min: 1, max: 256 },
  namespace: { min: 1, max: 128 },
  image_name: { min: 1, max: 128 },
  image_version: { min: 1, max: 64 },
  registry_name: { min: 1, max: 128 },
  instance_id: { min: 0, max: 128 },
  instance_name: { min: 0, max: 128 },
  image_id: { min: 0, max: 128 },
  cicd_name: { min: 0, max: 128 },
} as const;
