// An image list page opened by its address asks for its rows at once, alongside its code (the
// route chunk, the URL schemas, the catalogues) rather than once that code has run: the list
// view's own request (same path, same parameters) then takes the answer (lib/api-client.ts).
import { startEarlyGet } from '../lib/api-client';
import { listPageRequest, OPEN_IMAGE_PARAM } from '../lib/list-request';
import { API_ROUTES, APP_ROUTES, IMAGE_LISTS, type QueryRecord } from '../shared/contracts/facts';

/**
 * The URL's parameters are taken as the view will read them when they are valid (first value of
 * each); when the view reads them otherwise (an invalid or unknown one), its request differs and
 * is sent as usual, this one unused.
 */
export function startFirstListRequest(location: Pick<Location, 'pathname' | 'search'>): void {
  const list = IMAGE_LISTS.find(
    (candidate) => APP_ROUTES[`${candidate}Images`] === location.pathname,
  );
  if (!list) return;
  const record: QueryRecord = {};
  for (const [key, value] of new URLSearchParams(location.search)) {
    if (key !== OPEN_IMAGE_PARAM && !(key in record)) record[key] = value;
  }
  startEarlyGet(API_ROUTES[`${list}Images`], listPageRequest(record, Date.now()).params);
}
