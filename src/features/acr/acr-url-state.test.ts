import { describe, expect, it } from 'vitest';
import { readUrlQuery } from '../../lib/url-state';
import type { AcrTag } from '../../shared/contracts';
import {
  AcrPageQuerySchema,
  offsetToPage,
  pageToOffset,
  repositoriesRequest,
  sortTags,
  tagsRequest,
} from './acr-url-state';

function read(search: string) {
  return readUrlQuery(new URLSearchParams(search), AcrPageQuerySchema);
}

describe('the ACR page URL', () => {
  it('reads the API parameters and the open repository', () => {
    const { value, ignored } = read(
      'account=ali&InstanceId=cri-abc123&RepoNamespaceName=prod&RepoName=ng&PageNo=2&PageSize=50&repo=crr-xyz&tagPageNo=3&tagPageSize=100&tagSort=ImageSize&tagOrder=desc',
    );
    expect(ignored).toEqual([]);
    expect(repositoriesRequest(value, 'ali')).toEqual({
      account: 'ali',
      InstanceId: 'cri-abc123',
      RepoNamespaceName: 'prod',
      RepoName: 'ng',
      PageNo: '2',
      PageSize: '50',
    });
    expect(tagsRequest(value, 'ali')).toEqual({
      account: 'ali',
      InstanceId: 'cri-abc123',
      PageNo: '3',
      PageSize: '100',
    });
    expect(value.repo).toBe('crr-xyz');
    expect(value.tagSort).toBe('ImageSize');
  });

  it('leaves the instance to the account and pages to their defaults', () => {
    const { value } = read('');
    expect(repositoriesRequest(value, 'ali')).toEqual({
      account: 'ali',
      PageNo: '1',
      PageSize: '20',
    });
    expect(tagsRequest(value, 'ali')).toEqual({ account: 'ali', PageNo: '1', PageSize: '20' });
  });

  it('drops invalid values with their reason', () => {
    const { value, ignored } = read('InstanceId=abc&tagPageSize=101&repo=crr-ok1&PageNo=0');
    expect(ignored.map((issue) => issue.field).sort()).toEqual([
      'InstanceId',
      'PageNo',
      'tagPageSize',
    ]);
    expect(value.repo).toBe('crr-ok1');
  });

  it('converts between PageNo and offsets', () => {
    expect(pageToOffset(1, 20)).toBe(0);
    expect(pageToOffset(3, 20)).toBe(40);
    expect(offsetToPage(40, 20)).toBe(3);
    expect(offsetToPage(0, 100)).toBe(1);
  });
});

describe('sortTags', () => {
  const tag = (Tag: string, ImageSize: number, ImageCreate: number | null): AcrTag => ({
    Tag,
    Digest: '',
    ImageId: '',
    Status: 'NORMAL',
    ImageSize,
    ImageCreate,
    ImageUpdate: null,
  });
  const tags = [tag('v1.10.0', 5, 3), tag('v1.9.0', 30, null), tag('latest', 1, 9)];

  it('sorts text naturally and numbers numerically, either way', () => {
    expect(sortTags(tags, 'Tag', 'asc').map((t) => t.Tag)).toEqual(['latest', 'v1.9.0', 'v1.10.0']);
    expect(sortTags(tags, 'ImageSize', 'desc').map((t) => t.ImageSize)).toEqual([30, 5, 1]);
  });

  it('puts missing times last in both directions and leaves the input alone', () => {
    expect(sortTags(tags, 'ImageCreate', 'asc').map((t) => t.ImageCreate)).toEqual([3, 9, null]);
    expect(sortTags(tags, 'ImageCreate', 'desc').map((t) => t.ImageCreate)).toEqual([9, 3, null]);
    expect(tags[0]?.Tag).toBe('v1.10.0');
  });
});
