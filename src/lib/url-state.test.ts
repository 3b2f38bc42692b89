import { describe, expect, it } from 'vitest';
import { CicdImagesListQuerySchema, RegistryImagesListQuerySchema } from '../shared/contracts';
import { patchSearchParams, readUrlQuery } from './url-state';

describe('readUrlQuery', () => {
  it('parses known parameters into typed values and keeps their strings', () => {
    const result = readUrlQuery(
      new URLSearchParams('offset=40&limit=20&severity_level=High,Medium&image=123'),
      RegistryImagesListQuerySchema,
    );
    expect(result.value.offset).toBe(40);
    expect(result.value.limit).toBe(20);
    expect(result.value.severity_level).toEqual(['High', 'Medium']);
    expect(result.record).toEqual({ offset: '40', limit: '20', severity_level: 'High,Medium' });
    expect(result.ignored).toEqual([]);
  });

  it('drops an out-of-range parameter with its reason and keeps the rest', () => {
    const result = readUrlQuery(
      new URLSearchParams('offset=40&limit=201'),
      RegistryImagesListQuerySchema,
    );
    expect(result.value).toEqual({ offset: 40 });
    expect(result.ignored).toEqual([
      { field: 'limit', message: expect.stringContaining('1 to 200') },
    ]);
  });

  it('applies each list its own range (CI/CD limit starts at 10)', () => {
    expect(
      readUrlQuery(new URLSearchParams('limit=5'), RegistryImagesListQuerySchema).value.limit,
    ).toBe(5);
    const cicd = readUrlQuery(new URLSearchParams('limit=5'), CicdImagesListQuerySchema);
    expect(cicd.value.limit).toBeUndefined();
    expect(cicd.ignored[0]?.field).toBe('limit');
  });

  it('drops several bad parameters and a start after its end', () => {
    const result = readUrlQuery(
      new URLSearchParams(
        'offset=-1&scan_status=bogus&start_latest_scan_time=20&end_latest_scan_time=10&namespace=team',
      ),
      RegistryImagesListQuerySchema,
    );
    expect(result.record).toEqual({ end_latest_scan_time: '10', namespace: 'team' });
    expect(result.ignored.map((issue) => issue.field).sort()).toEqual([
      'offset',
      'scan_status',
      'start_latest_scan_time',
    ]);
  });

  it('uses the first of repeated values and says so', () => {
    const result = readUrlQuery(
      new URLSearchParams('limit=20&limit=50'),
      RegistryImagesListQuerySchema,
    );
    expect(result.value.limit).toBe(20);
    expect(result.ignored[0]?.field).toBe('limit');
  });
});

describe('patchSearchParams', () => {
  it('sets, replaces and removes without touching other keys', () => {
    const current = new URLSearchParams('account=a1&offset=40&limit=20');
    const next = patchSearchParams(current, { offset: undefined, limit: 50, image: '7' });
    expect(next.toString()).toBe('account=a1&limit=50&image=7');
    expect(current.toString()).toBe('account=a1&offset=40&limit=20');
  });
  it('treats empty strings and null as removal', () => {
    expect(patchSearchParams(new URLSearchParams('q=x&a=1'), { q: '', a: null }).toString()).toBe(
      '',
    );
  });
});
