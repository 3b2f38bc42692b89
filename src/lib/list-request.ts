// What an image list page asks the BFF for, read from its URL: one reading for the list view
// (use-url-query.ts) and for the request the app starts before the page's code has loaded
// (app/first-list-request.ts), so that the view finds that request's answer (api-client.ts).
import { DEFAULT_PAGE_SIZE, type QueryRecord } from '../shared/contracts/facts';
import { resolveRelativeRanges } from './relative-range';

/** The open image in a list page's URL: page state, never a BFF parameter. */
export const OPEN_IMAGE_PARAM = 'image';

export interface ListPageRequest {
  offset: number;
  limit: number;
  /** The record as the BFF takes it (relative ranges resolved), without paging defaults. */
  apiRecord: QueryRecord;
  /** The page's request: the record with its offset and limit always given. */
  params: QueryRecord;
}

/** `record` is the URL's list parameters; `now` counts relative ranges back (to the minute). */
export function listPageRequest(record: QueryRecord, now: number): ListPageRequest {
  const offset = Number(record.offset ?? 0);
  const limit = Number(record.limit ?? DEFAULT_PAGE_SIZE);
  const apiRecord = resolveRelativeRanges(record, now);
  return {
    offset,
    limit,
    apiRecord,
    params: { ...apiRecord, offset: String(offset), limit: String(limit) },
  };
}
