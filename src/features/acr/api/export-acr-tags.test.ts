import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeCsv } from '../../../shared/csv';
import { ApiError } from '../../../lib/api-client';
import {
  ACR_TAG_CSV_HEADERS,
  acrTagsFileName,
  buildAcrTagsCsv,
  fetchAllAcrTags,
} from './export-acr-tags';

function tagJson(index: number) {
  return {
    Tag: `v1.${index}.0`,
    Digest: `sha256:${String(index).padStart(64, '0')}`,
    ImageId: String(index).padStart(64, 'a'),
    Status: 'NORMAL',
    ImageSize: 1000 + index,
    ImageCreate: String(1_700_000_000_000 + index),
    ImageUpdate: String(1_700_000_100_000 + index),
  };
}

/** A fake BFF holding `count` tags, paging like ListRepoTag; records every URL asked for. */
function fakeBff(count: number, failOnPage?: number) {
  const requested: URL[] = [];
  const fetchMock = vi.fn((input: string) => {
    const url = new URL(input, 'http://bff.test');
    requested.push(url);
    const pageNo = Number(url.searchParams.get('PageNo'));
    const pageSize = Number(url.searchParams.get('PageSize'));
    if (pageNo === failOnPage) {
      const body = {
        error: {
          code: 'upstream_error',
          message: 'upstream failed',
          request_id: 'req-1',
          upstream: { code: 'Throttling.User' },
        },
      };
      return Promise.resolve(new Response(JSON.stringify(body), { status: 502 }));
    }
    const start = (pageNo - 1) * pageSize;
    const images = Array.from({ length: Math.max(0, Math.min(pageSize, count - start)) }, (_, i) =>
      tagJson(start + i),
    );
    const body = {
      Code: 'success',
      IsSuccess: true,
      RequestId: 'r',
      PageNo: pageNo,
      PageSize: pageSize,
      TotalCount: String(count),
      Images: images,
    };
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  });
  vi.stubGlobal('fetch', fetchMock);
  return requested;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('fetchAllAcrTags', () => {
  it('pages through every tag at PageSize 100 and reports progress', async () => {
    const requested = fakeBff(250);
    const progress: string[] = [];
    const tags = await fetchAllAcrTags(
      'crr-abc',
      { account: 'ali' },
      {
        onProgress: ({ done, total }) => progress.push(`${done}/${total}`),
      },
    );
    expect(tags).toHaveLength(250);
    expect(tags[0]?.ImageCreate).toBe(1_700_000_000_000);
    expect(progress).toEqual(['100/250', '200/250', '250/250']);
    expect(requested.map((url) => url.pathname)).toEqual(
      Array(3).fill('/api/acr/repos/crr-abc/tags'),
    );
    expect(requested.map((url) => url.searchParams.get('PageNo'))).toEqual(['1', '2', '3']);
    expect(requested.every((url) => url.searchParams.get('PageSize') === '100')).toBe(true);
    expect(requested.every((url) => url.searchParams.get('account') === 'ali')).toBe(true);
  });

  it('makes one call for an empty repository', async () => {
    const requested = fakeBff(0);
    await expect(fetchAllAcrTags('crr-abc', {})).resolves.toEqual([]);
    expect(requested).toHaveLength(1);
  });

  it('fails as a whole when any page fails', async () => {
    fakeBff(250, 2);
    const failure = fetchAllAcrTags('crr-abc', {});
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ requestId: 'req-1', status: 502 });
  });

  it('stops when cancelled', async () => {
    const requested = fakeBff(500);
    const controller = new AbortController();
    const run = fetchAllAcrTags(
      'crr-abc',
      {},
      {
        signal: controller.signal,
        onProgress: ({ done }) => {
          if (done >= 200) controller.abort();
        },
      },
    );
    await expect(run).rejects.toThrow();
    expect(requested).toHaveLength(2);
  });
});

describe('buildAcrTagsCsv', () => {
  it('writes a header and one record per tag, times in UTC, sizes in bytes', () => {
    const repository = {
      RepoId: 'crr-abc',
      RepoNamespaceName: 'prod',
      RepoName: '=evil',
      InstanceId: 'cri-xyz',
    };
    const tags = [
      {
        Tag: 'v1',
        Digest: 'sha256:aa',
        ImageId: 'bb',
        Status: 'NORMAL',
        ImageSize: 27107966,
        ImageCreate: 1572839125000,
        ImageUpdate: null,
      },
    ];
    const rows = decodeCsv(buildAcrTagsCsv(tags, repository));
    expect(rows[0]).toEqual(ACR_TAG_CSV_HEADERS);
    expect(rows[1]).toEqual([
      'prod',
      "'=evil",
      'v1',
      'sha256:aa',
      'bb',
      'NORMAL',
      '27107966',
      '2019-11-04T03:45:25.000Z',
      '',
      'crr-abc',
      'cri-xyz',
    ]);
    expect(rows).toHaveLength(2);
  });
});

describe('acrTagsFileName', () => {
  it('names the namespace, repository, account and UTC day, with safe characters only', () => {
    expect(acrTagsFileName('prod', 'nginx', 'demo-alibaba', new Date('2024-03-05T23:30:00Z'))).toBe(
      'acr-tags-prod-nginx-demo-alibaba-2024-03-05.csv',
    );
    expect(acrTagsFileName('a/b', 'x y', '', new Date('2024-03-05T00:00:00Z'))).toBe(
      'acr-tags-a_b-x_y-unnamed-2024-03-05.csv',
    );
  });
});
