import { describe, expect, it } from 'vitest';
import {
  acrTagListParams,
  acrTagListSearch,
  isTagListView,
  readAcrTagListView,
} from './acr-tag-list-state';

describe('the ACR tag list in the URL', () => {
  it('reads filters, sort and page by the route’s own names and writes them back', () => {
    const search = new URLSearchParams(
      'view=tags&q=nginx&namespaces=team-a&instance_id=cri-abc&tag_status=NORMAL&repo_type=PUBLIC' +
        '&image_name=web&image_version=v1' +
        '&image_digest=beef&updated_from=2026-12-01&updated_to=2026-12-05' +
        '&sort_key=image_size&sort_dir=asc&offset=40&limit=50',
    );
    const view = readAcrTagListView(search);
    expect(isTagListView(search)).toBe(true);
    expect(view).toEqual({
      q: 'nginx',
      namespaces: 'team-a',
      instanceId: 'cri-abc',
      tagStatus: 'NORMAL',
      repoType: 'PUBLIC',
      imageName: 'web',
      imageVersion: 'v1',
      imageDigest: 'beef',
      updatedFrom: '2026-12-01',
      updatedTo: '2026-12-05',
      sort: { key: 'image_size', dir: 'asc' },
      offset: 40,
      limit: 50,
    });
    const written = acrTagListSearch(view);
    expect(readAcrTagListView(new URLSearchParams(written as Record<string, string>))).toEqual(
      view,
    );
  });

  it('falls back to the defaults for values the route would refuse', () => {
    const view = readAcrTagListView(
      new URLSearchParams(
        'sort_key=evil&offset=-3&limit=5000&updated_from=yesterday&instance_id=CRI-X' +
          '&tag_status=normal&repo_type=SHARED',
      ),
    );
    expect(view.sort).toEqual({ key: 'image_update', dir: 'desc' });
    expect(view.offset).toBe(0);
    expect(view.limit).toBe(20);
    expect(view.updatedFrom).toBe('');
    expect(view.instanceId).toBe('');
    expect(view.tagStatus).toBe('');
    expect(view.repoType).toBe('');
    expect(isTagListView(new URLSearchParams(''))).toBe(false);
    // Defaults stay out of the URL.
    expect(Object.values(acrTagListSearch(view)).filter(Boolean)).toEqual([]);
  });

  it('asks the route for whole days, inclusive at both ends', () => {
    const view = readAcrTagListView(
      new URLSearchParams('updated_from=2026-12-01&updated_to=2026-12-01&account=ali'),
    );
    const params = acrTagListParams(view, 'ali');
    expect(params.account).toBe('ali');
    const start = params.start_image_update as number;
    const end = params.end_image_update as number;
    expect(new Date(start).getHours()).toBe(0);
    expect(end - start).toBeGreaterThanOrEqual(23 * 3_600_000);
    expect(new Date(end + 1).getHours()).toBe(0);
    expect(params.sort_key).toBe('image_update');
    expect(params.offset).toBe(0);
    expect(params.limit).toBe(20);
  });
});
