// Base images' facts that need no schema (facts.ts): the end-of-life statuses of a base's OS version.

/**
 * `supported`: end of life more than 90 days away; `ending`: within 90 days; `eol`: past;
 * `unknown`: the OS family or version is not in the shipped end-of-life table.
 */
export const BASE_IMAGE_EOL_STATUSES = ['supported', 'ending', 'eol', 'unknown'] as const;
export type BaseImageEolStatus = (typeof BASE_IMAGE_EOL_STATUSES)[number];

/** How close to its end of life a version is marked `ending`. */
export const BASE_IMAGE_EOL_ENDING_DAYS = 90;
