// ACR's API version, page sizes and repository statuses: zod-free, for the browser (facts.ts).
export const ACR_API_VERSION = '2018-12-01';
export const ACR_TAG_PAGE_SIZE = { min: 1, max: 100, default: 30 } as const;
export const ACR_REPO_PAGE_SIZE = { min: 1, max: 100, default: 30 } as const;
export const ACR_REPO_STATUSES = ['NORMAL', 'DELETING', 'ALL'] as const;
