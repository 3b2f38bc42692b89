// Facets agree with the list: every bucket's count equals the total of the list query with the
// other filters kept and that field set to the bucket's value.
import { describe, expect, it } from 'vitest';

import type { CicdImagesListQuery, RegistryImagesListQuery } from '../../shared/contracts';
import { useMirroredEstate } from '../test-support/hooks';

import type { InventoryDb } from '../store/db';

import { TOP_FACET_LIMIT } from './facets';
import {
  cicdImageFacets,
  queryCicdImages,
  queryRegistryImages,
  registryImageFacets,
} from '../test-support/per-list';

let db: InventoryDb;
const NOW = Date.UTC(2025, 0, 15);

useMirroredEstate(
  { seed: 5, registryImages: 1_500, cicdImages: 300, now: NOW },
  (opened) => (db = opened),
);

/** The list query that a bucket stands for: the facet's own filter replaced by its value. */
function withBucket<Q extends Record<string, unknown>>(query: Q, field: string, value: string): Q {
  const next: Record<string, unknown> = { ...query, limit: 1 };
  if (value === 'true' || value === 'false') {
    if (field === 'latest_version' && value === 'false') return next as Q; // no filter upstream
    next[field] = value === 'true';
  } else if (field === 'namespace' || field === 'registry_name' || field === 'pipeline_type') {
    next[field] = value; // a single value (namespace and registry_name match substrings)
  } else {
    next[field] = [value];
  }
  return next as Q;
}

describe('facets', () => {
  const registryQueries: RegistryImagesListQuery[] = [
    {},
    { severity_level: ['High', 'unrated'], has_vul: true },
    { scan_status: ['success'], image_type: ['private_image', 'shared_image'], q: 'a' },
    // Dimension groups from the namespaces aggregate (a namespace substring, no other filter).
    { severity_level: ['High', 'Medium'], has_vul: true, namespace: 'a' },
  ];

  it.each(registryQueries)('registry buckets match list totals for %j', async (query) => {
    const { total_num, facets } = await registryImageFacets(db, 'a', query, NOW);
    expect(total_num).toBe(
      (await queryRegistryImages(db, 'a', { ...query, limit: 1 }, NOW)).total_num,
    );
    expect(Object.keys(facets).sort()).toEqual(
      [
        'basic_image_os',
        'basic_image_os_version',
        'has_malicious_file',
        'has_unsafe_setting',
        'has_vul',
        'image_type',
        'is_multarch',
        'latest_version',
        'namespace',
        'registry_name',
        'registry_type',
        'risky',
        'scan_status',
        'severity_level',
      ].sort(),
    );
    for (const [field, buckets] of Object.entries(facets)) {
      expect(buckets.length).toBeLessThanOrEqual(TOP_FACET_LIMIT);
      for (const bucket of buckets) {
        if (field === 'registry_type' || (field === 'latest_version' && bucket.value === 'false'))
          continue; // not list filters
        const listed = await queryRegistryImages(
          db,
          'a',
          withBucket(query, field, bucket.value),
          NOW,
        );
        if (field === 'namespace' || field === 'registry_name')
          expect(listed.total_num, `${field}=${bucket.value}`).toBeGreaterThanOrEqual(bucket.count);
        else expect(listed.total_num, `${field}=${bucket.value}`).toBe(bucket.count);
      }
      // Most frequent first.
      const counts = buckets.map((bucket) => bucket.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }
    expect(facets.severity_level?.map((bucket) => bucket.value).sort()).toEqual(
      ['High', 'Low', 'Medium', 'Security', 'unrated'].sort(),
    );
  });

  it('CI/CD buckets match list totals', async () => {
    const query: CicdImagesListQuery = { pipeline_type: 'jenkins', risky: true };
    const { total_num, facets } = await cicdImageFacets(db, 'a', query, NOW);
    expect(total_num).toBe(
      (await queryCicdImages(db, 'a', { ...query, limit: 10 }, NOW)).total_num,
    );
    for (const field of ['scan_status', 'severity_level', 'pipeline_type', 'has_vul', 'risky']) {
      for (const bucket of facets[field] ?? []) {
        const listed = await queryCicdImages(db, 'a', withBucket(query, field, bucket.value), NOW);
        expect(listed.total_num, `${field}=${bucket.value}`).toBe(bucket.count);
      }
    }
    expect(facets.namespace?.reduce((sum, bucket) => sum + bucket.count, 0)).toBeLessThanOrEqual(
      (await queryCicdImages(db, 'a', { risky: true, limit: 10 }, NOW)).total_num,
    );
  });
});
