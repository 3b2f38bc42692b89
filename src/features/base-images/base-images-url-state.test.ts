import { describe, expect, it } from 'vitest';
import {
  baseImagesApiParams,
  baseImagesSearch,
  explorerTarget,
  isFixFirst,
  primaryList,
  readBaseImagesView,
} from './base-images-url-state';

const read = (search: string) => readBaseImagesView(new URLSearchParams(search));

describe('the base-images page URL', () => {
  it('ranks fix first by default: most high-risk images first, left out of the URL', () => {
    const view = read('');
    expect(view.sort).toEqual({ key: 'high_risk_images', dir: 'desc' });
    expect(isFixFirst(view)).toBe(true);
    expect(baseImagesSearch(view)).toEqual({
      os_name: undefined,
      os_version: undefined,
      eol: undefined,
      sort_key: undefined,
      sort_dir: undefined,
      offset: undefined,
      limit: undefined,
    });
  });
  it('reads filters, sort and page under the route’s own names, and writes them back', () => {
    const view = read(
      'os_name=Debian+GNU%2FLinux&os_version=9&eol=eol,ending,bogus,eol&sort_key=vul_num&sort_dir=asc&offset=40&limit=50',
    );
    expect(view).toMatchObject({
      osName: 'Debian GNU/Linux',
      osVersion: '9',
      eol: ['eol', 'ending'],
      sort: { key: 'vul_num', dir: 'asc' },
      offset: 40,
      limit: 50,
    });
    expect(isFixFirst(view)).toBe(false);
    expect(baseImagesApiParams(view, 'demo')).toEqual({
      account: 'demo',
      os_name: 'Debian GNU/Linux',
      os_version: '9',
      eol: 'eol,ending',
      sort_key: 'vul_num',
      sort_dir: 'asc',
      offset: 40,
      limit: 50,
    });
    expect(
      read(new URLSearchParams(baseImagesSearch(view) as Record<string, string>).toString()),
    ).toEqual(view);
  });
  it('falls back to the defaults for values the route would refuse', () => {
    const view = read('sort_key=nonsense&offset=-3&limit=7');
    expect(isFixFirst(view)).toBe(true);
    expect(view.offset).toBe(0);
    expect(view.limit).toBe(20);
  });
});

describe('a basic image’s explorer link', () => {
  const debian = { os_name: 'Debian GNU/Linux', os_version: '9', layer_digest: 'sha256:abc' };
  it('names the base by its layer digest when it has one', () => {
    expect(explorerTarget(debian, 'cicd', 'acc-1')).toEqual({
      pathname: '/cicd-images',
      search: '?account=acc-1&basic_image_digest=sha256%3Aabc',
    });
  });
  it('by OS and version when HSS gave no digest', () => {
    expect(explorerTarget({ ...debian, layer_digest: '' }, 'registry', undefined)).toEqual({
      pathname: '/registry-images',
      search: '?basic_image_os=Debian+GNU%2FLinux&basic_image_os_version=9',
    });
  });
  it('opens the list holding more of its images', () => {
    expect(primaryList({ registry_images: 3, cicd_images: 5 })).toBe('cicd');
    expect(primaryList({ registry_images: 3, cicd_images: 3 })).toBe('registry');
  });
});
