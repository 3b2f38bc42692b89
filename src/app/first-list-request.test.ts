import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CICD_LIST, REGISTRY_LIST } from '../features/image-lists';
import { listPageRequest } from '../lib/list-request';
import { readListUrl } from '../lib/use-url-query';
import { API_ROUTES, APP_ROUTES } from '../shared/contracts/facts';
import { startFirstListRequest } from './first-list-request';

/** The request's path and its parameters sorted: the identity api-client matches them by. */
function sortedRequest(url: string): string {
  const [path, query = ''] = url.split('?');
  const params = [...new URLSearchParams(query)].sort(([a], [b]) => (a < b ? -1 : 1));
  return `${path}?${new URLSearchParams(params).toString()}`;
}

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2026, 11, 7, 11, 30, 42), toFake: ['Date'] });
  fetchMock = vi.fn(async () => new Response('{}', { status: 200 }));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

// The early request is only of use when the list view, once loaded, asks for the same rows.
describe('startFirstListRequest', () => {
  const searches = [
    '',
    '?severity_level=High,Medium&limit=50&offset=100',
    '?image=123&sort_key=image_name&sort_dir=asc&latest_scan_time_within=7d',
    '?account=huawei-prod&q=nginx&limit=200',
  ];
  for (const [config, pathname] of [
    [REGISTRY_LIST, APP_ROUTES.registryImages],
    [CICD_LIST, APP_ROUTES.cicdImages],
  ] as const) {
    for (const search of searches) {
      it(`asks ${pathname}${search} for the rows its view will ask for`, async () => {
        const schema = await config.querySchema.load();
        const view = readListUrl(new URLSearchParams(search), schema);
        expect(view.ignored).toEqual([]);
        const viewParams = listPageRequest(view.record, Date.now()).params;

        startFirstListRequest({ pathname, search });
        expect(fetchMock).toHaveBeenCalledTimes(1);
        const [url] = fetchMock.mock.calls[0] as [string];
        expect(sortedRequest(url)).toBe(
          sortedRequest(`${config.routes.page}?${new URLSearchParams(viewParams).toString()}`),
        );
      });
    }
  }

  it('asks nothing on the other pages', () => {
    for (const pathname of [APP_ROUTES.overview, APP_ROUTES.acr, APP_ROUTES.changes, '/nowhere'])
      startFirstListRequest({ pathname, search: '' });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('asks the default first page of a plain list address', () => {
    startFirstListRequest({ pathname: APP_ROUTES.registryImages, search: '' });
    expect(fetchMock.mock.calls[0]?.[0]).toBe(`${API_ROUTES.registryImages}?offset=0&limit=20`);
  });
});
