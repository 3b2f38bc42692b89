import { describe, expect, it } from 'vitest';
import { locationContext, locationReference, locationTarget, searchPath } from './locations';

const registry = {
  source: 'hss_registry' as const,
  account: 'hw-1',
  id: '9007199254740993',
  registry_name: 'swr-cn',
  instance_name: 'ee-1',
  instance_id: 'i-1',
  namespace: 'team',
  image_name: 'web/api',
  image_version: 'v1',
  image_id: 'abc',
};

describe('search locations', () => {
  it.each([
    [registry, '/registry-images', { account: 'hw-1', image: '9007199254740993' }],
    [
      {
        source: 'hss_cicd' as const,
        account: 'hw-1',
        record_key: 'rk-7',
        cicd_name: 'build',
        namespace: 'team',
        image_name: 'api',
        image_version: 'v2',
      },
      '/cicd-images',
      { account: 'hw-1', image: 'rk-7' },
    ],
    [
      {
        source: 'acr' as const,
        account: 'ali-1',
        instance_id: 'cri-1',
        namespace: 'team',
        image_name: 'api',
        image_version: 'v3',
      },
      '/acr',
      { account: 'ali-1', InstanceId: 'cri-1', RepoNamespaceName: 'team', RepoName: 'api' },
    ],
  ])('opens %o at its page with its key', (location, pathname, params) => {
    const target = locationTarget(location);
    expect(target.pathname).toBe(pathname);
    expect(Object.fromEntries(new URLSearchParams(target.search))).toEqual(params);
  });

  it('names a location by its reference and its other fields, not its keys', () => {
    expect(locationReference(registry)).toBe('team/web/api:v1');
    expect(locationContext(registry)).toEqual(['swr-cn', 'ee-1']);
  });

  it('reads an ACR location that names repository and tag', () => {
    const acr = { source: 'acr' as const, account: 'a', namespace: 'n', repository: 'r', tag: 't' };
    expect(locationReference(acr)).toBe('n/r:t');
    expect(locationContext(acr)).toEqual([]);
  });

  it('puts q (trimmed) and the account in the search page address', () => {
    expect(searchPath(' sha256:ab ', 'hw-1')).toBe('/search?q=sha256%3Aab&account=hw-1');
    expect(searchPath('nginx', undefined)).toBe('/search?q=nginx');
  });
});
