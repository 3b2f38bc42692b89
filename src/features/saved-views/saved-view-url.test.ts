import { describe, expect, it } from 'vitest';
import { listOfPage, queryFilters, viewHref, viewQueryOf } from './saved-view-url';

describe('a saved view and its address', () => {
  it('keeps the page query exactly, the reader’s language aside', () => {
    expect(
      viewQueryOf('?severity_level=High%2CMedium&lang=zh-CN&sort_key=image_name&sort_dir=asc'),
    ).toBe('severity_level=High%2CMedium&sort_key=image_name&sort_dir=asc');
    expect(viewQueryOf('')).toBe('');
  });

  it('opens on its list page with the same query string', () => {
    const query = 'namespace=prod&sort_key=latest_scan_time&sort_dir=desc';
    expect(viewHref({ list: 'cicd', query })).toBe(`/cicd-images?${query}`);
    expect(viewHref({ list: 'registry', query: '' })).toBe('/registry-images');
  });

  it('knows the list of a list page only', () => {
    expect(listOfPage('/registry-images')).toBe('registry');
    expect(listOfPage('/cicd-images')).toBe('cicd');
    expect(listOfPage('/changes')).toBeUndefined();
  });

  it('summarises the filters and sort, leaving paging out', () => {
    expect(
      queryFilters('severity_level=High&offset=40&limit=20&sort_key=image_name&sort_dir=asc'),
    ).toEqual({
      filters: [['severity_level', 'High']],
      sort: { key: 'image_name', dir: 'asc' },
    });
  });
});
