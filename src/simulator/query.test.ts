import { describe, expect, it } from 'vitest';
import {
  addRegistryImages,
  basicImagesOf,
  compareIds,
  generateEstate,
  rescanImages,
  type CicdImageRecord,
  type RegistryImageRecord,
  type SimTime,
} from './estate';
import {
  parseCicdImagesQuery,
  parseRegistryImagesQuery,
  queryBasicImages,
  queryCicdImages,
  queryIndexBuilds,
  queryRegistryImages,
} from './query';
import { createRng } from './random';
import type { SimulatorListQuery } from './validate';

const NOW = Date.UTC(2025, 5, 1);
const estate = generateEstate({ seed: 11, registryImages: 6_000, cicdImages: 600, now: NOW });

function registryQuery(params: Record<string, string>): SimulatorListQuery {
  const parsed = parseRegistryImagesQuery(new URLSearchParams(params));
  if (!parsed.ok) throw new Error(`${parsed.issue.field} ${parsed.issue.message}`);
  return parsed.value;
}

function cicdQuery(params: Record<string, string>): SimulatorListQuery {
  const parsed = parseCicdImagesQuery(new URLSearchParams(params));
  if (!parsed.ok) throw new Error(`${parsed.issue.field} ${parsed.issue.message}`);
  return parsed.value;
}

/** The semantics of query.ts written the slow, obvious way. */
function bruteForce<T extends RegistryImageRecord | CicdImageRecord>(
  rows: readonly T[],
  params: Record<string, string>,
): T[] {
  const has = (name: string) => params[name] !== undefined;
  const bool = (name: string) => params[name] === 'true';
  const inRange = (value: SimTime | null, field: string) => {
    const start = params[`start_${field}`];
    const end = params[`end_${field}`];
    if (start === undefined && end === undefined) return true;
    if (value === null) return false;
    const exact = BigInt(value);
    return exact >= BigInt(start ?? 0) && exact <= BigInt(end ?? NOW);
  };
  const filtered = rows.filter((row) => {
    const record = row as unknown as Record<string, unknown>;
    for (const field of [
      'namespace',
      'image_name',
      'image_version',
      'registry_name',
      'instance_name',
      'cicd_name',
    ]) {
      if (
        has(field) &&
        !String(record[field])
          .toLowerCase()
          .includes((params[field] ?? '').toLowerCase())
      )
        return false;
    }
    for (const field of [
      'instance_id',
      'image_id',
      'image_type',
      'scan_status',
      'severity_level',
      'pipeline_type',
    ]) {
      if (has(field) && record[field] !== params[field]) return false;
    }
    if (params.latest_version === 'true' && !row.latest_version) return false;
    if (has('has_vul') && row.vul_num > 0 !== bool('has_vul')) return false;
    if (has('has_malicious_file') && row.malicious_file_num > 0 !== bool('has_malicious_file'))
      return false;
    if (has('has_unsafe_setting') && row.unsafe_setting_num > 0 !== bool('has_unsafe_setting'))
      return false;
    const risky = row.vul_num + row.malicious_file_num + row.unsafe_setting_num > 0;
    if (has('risky') && risky !== bool('risky')) return false;
    if (has('is_multarch') && record.is_multiple_arch !== bool('is_multarch')) return false;
    if (has('image_size') && row.image_size < Number(params.image_size)) return false;
    if (!inRange(row.latest_update_time, 'latest_update_time')) return false;
    if (!inRange(row.latest_scan_time, 'latest_scan_time')) return false;
    if (!inRange((record.latest_sync_time as SimTime | undefined) ?? null, 'latest_sync_time'))
      return false;
    return true;
  });
  if (params.sort_key === 'latest_scan_time') {
    const key = (row: T) => BigInt(row.latest_scan_time ?? -1);
    const tie = (a: T, b: T) =>
      'id' in a && 'id' in b ? compareIds(a.id, b.id) : a.image_id < b.image_id ? -1 : 1;
    filtered.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : tie(a, b)));
    if (params.sort_dir === 'desc') filtered.reverse();
  }
  return filtered;
}

const sample = estate.registryImages[1234] as RegistryImageRecord;
const instanceImage = estate.registryImages.find(
  (row) => row.image_type === 'instance_image',
) as RegistryImageRecord;
const mid = NOW - 200 * 86_400_000;

const REGISTRY_CASES: Record<string, string>[] = [
  {},
  { namespace: sample.namespace.slice(1, 4).toUpperCase() },
  { image_name: sample.image_name },
  { image_version: '1.' },
  { registry_name: 'HARBOR' },
  { instance_name: 'ent-' },
  { instance_id: instanceImage.instance_id },
  { image_type: 'shared_image' },
  { image_type: 'jfrog', latest_version: 'true' },
  { latest_version: 'false' },
  { scan_status: 'failed' },
  { scan_status: 'unscan' },
  { severity_level: 'High', has_malicious_file: 'true' },
  { has_vul: 'false' },
  { has_unsafe_setting: 'true', has_vul: 'true' },
  { risky: 'false' },
  { risky: 'true', image_type: 'private_image' },
  { is_multarch: 'true' },
  { is_multarch: 'false' },
  { image_size: '500000000' },
  { start_latest_update_time: String(mid) },
  { end_latest_update_time: String(mid) },
  { start_latest_scan_time: String(mid - 86_400_000), end_latest_scan_time: String(mid) },
  { end_latest_scan_time: '9223372036854775807' },
  { start_latest_sync_time: String(mid) },
  { sort_key: 'latest_scan_time' },
  { sort_key: 'latest_scan_time', sort_dir: 'desc', namespace: 'a' },
  { sort_key: 'latest_scan_time', sort_dir: 'asc', scan_status: 'success' },
];

describe('queryRegistryImages', () => {
  it.each(REGISTRY_CASES)('matches a brute-force filter: %o', (params) => {
    const expected = bruteForce(estate.registryImages, params);
    for (const [offset, limit] of [
      [0, 200],
      [37, 13],
      [Math.max(0, expected.length - 5), 10],
    ] as const) {
      const result = queryRegistryImages(
        estate,
        registryQuery({ ...params, offset: String(offset), limit: String(limit) }),
        NOW,
      );
      expect(result.total_num).toBe(expected.length);
      expect(result.data_list.map((row) => row.id)).toEqual(
        expected.slice(offset, offset + limit).map((row) => row.id),
      );
    }
  });

  it('narrows: every filter case returns fewer rows than the whole estate, except the no-op ones', () => {
    const noop = new Set([
      '{}',
      '{"latest_version":"false"}',
      '{"end_latest_scan_time":"9223372036854775807"}',
    ]);
    for (const params of REGISTRY_CASES) {
      if (noop.has(JSON.stringify(params)) || params.sort_key) continue;
      const total = queryRegistryImages(estate, registryQuery(params), NOW).total_num;
      expect(total, JSON.stringify(params)).toBeLessThan(estate.registryImages.length);
      expect(total, JSON.stringify(params)).toBeGreaterThan(0);
    }
  });

  it('defaults to limit 10 in id order, and an offset past the end gives an empty page with the total', () => {
    const first = queryRegistryImages(estate, registryQuery({}), NOW);
    expect(first.data_list.map((row) => row.id)).toEqual(
      estate.registryImages.slice(0, 10).map((row) => row.id),
    );
    const past = queryRegistryImages(
      estate,
      registryQuery({ offset: '2000000', limit: '200', image_type: 'harbor' }),
      NOW,
    );
    expect(past.data_list).toEqual([]);
    expect(past.total_num).toBe(bruteForce(estate.registryImages, { image_type: 'harbor' }).length);
  });
});

describe('queryCicdImages', () => {
  const cicd = estate.cicdImages[42] as CicdImageRecord;
  const cases: Record<string, string>[] = [
    {},
    { cicd_name: cicd.cicd_name.slice(0, 5).toUpperCase() },
    { image_id: cicd.image_id },
    { pipeline_type: 'codearts' },
    { latest_version: 'true', scan_status: 'success' },
    { risky: 'true', has_malicious_file: 'false' },
    { start_latest_scan_time: String(mid), sort_key: 'latest_scan_time', sort_dir: 'desc' },
    { image_size: '100000000', severity_level: 'Low' },
  ];
  it.each(cases)('matches a brute-force filter: %o', (params) => {
    const expected = bruteForce(estate.cicdImages, params);
    const result = queryCicdImages(estate, cicdQuery({ ...params, limit: '200' }), NOW);
    expect(result.total_num).toBe(expected.length);
    expect(result.data_list.map((row) => row.image_id)).toEqual(
      expected.slice(0, 200).map((row) => row.image_id),
    );
  });
});

describe('queryBasicImages', () => {
  it('finds a CI/CD image by id and a repository image by type, namespace, name and version', () => {
    const cicd = estate.cicdImages[0] as CicdImageRecord;
    expect(queryBasicImages(estate, cicd.image_id, { image_type: 'cicd' })).toBeDefined();
    const parent = estate.registryImages.find(
      (row) => row.is_multiple_arch && row.image_type !== 'jfrog',
    ) as RegistryImageRecord;
    const child = estate.registryById.get(
      parent.association_ids[0] as string,
    ) as RegistryImageRecord;
    const query = {
      image_type: parent.image_type as 'private_image',
      namespace: parent.namespace,
      image_name: parent.image_name,
      image_version: parent.image_version,
    };
    const forChild = queryBasicImages(estate, child.image_id, query);
    const forParent = queryBasicImages(estate, parent.image_id, query);
    expect(forChild).toBeDefined();
    expect(forParent).toBeDefined();
    expect(
      queryBasicImages(estate, 'nope', { ...query, image_version: 'no-such-version' }),
    ).toBeUndefined();
    expect(queryBasicImages(estate, 'nope', { image_type: 'cicd' })).toBeUndefined();
  });
});

describe('queryBasicImages answers by digest', () => {
  it("gives a CI/CD image (found by id) and a repository image (found by name) their digest's bases", () => {
    const registryByDigest = new Map(estate.registryImages.map((row) => [row.image_digest, row]));
    const cicd = estate.cicdImages.find((row) => registryByDigest.has(row.image_digest));
    if (!cicd) throw new Error('no CI/CD image shares a digest with a repository image');
    const registry = registryByDigest.get(cicd.image_digest) as RegistryImageRecord;
    const expected = basicImagesOf({ image_digest: cicd.image_digest });
    const byId = queryBasicImages(estate, cicd.image_id, { image_type: 'cicd' });
    expect(byId?.data_list).toEqual(expected);
    const byName = queryBasicImages(estate, registry.image_id, {
      image_type: registry.image_type as 'private_image',
      namespace: registry.namespace,
      image_name: registry.image_name,
      image_version: registry.image_version,
    });
    // Rows of a multi-architecture image share the four names; the path's id picks this one.
    expect(byName?.data_list).toEqual(expected);
  });
});

describe('times past 2^53 (Longs)', () => {
  it('filters and sorts 2^53 and 2^53 + 1 apart, though one double holds both', () => {
    const small = generateEstate({ seed: 3, registryImages: 40, cicdImages: 20, now: NOW });
    const [edge, past] = small.registryImages;
    const [edgeCicd, pastCicd] = small.cicdImages;
    if (!edge || !past || !edgeCicd || !pastCicd) throw new Error('estate too small');
    edge.latest_scan_time = 2n ** 53n;
    past.latest_scan_time = 2n ** 53n + 1n;
    edgeCicd.latest_scan_time = 2n ** 53n;
    pastCicd.latest_scan_time = 2n ** 53n + 1n;
    small.version += 1;
    const range = (start: bigint, end: bigint) => ({
      start_latest_scan_time: String(start),
      end_latest_scan_time: String(end),
    });
    const registryIds = (params: Record<string, string>) =>
      queryRegistryImages(small, registryQuery(params), NOW).data_list.map((row) => row.id);
    const cicdIds = (params: Record<string, string>) =>
      queryCicdImages(small, cicdQuery(params), NOW).data_list.map((row) => row.image_id);
    expect(registryIds(range(2n ** 53n + 1n, 2n ** 63n - 1n))).toEqual([past.id]);
    expect(registryIds(range(2n ** 53n, 2n ** 53n))).toEqual([edge.id]);
    expect(cicdIds(range(2n ** 53n + 1n, 2n ** 63n - 1n))).toEqual([pastCicd.image_id]);
    expect(cicdIds(range(2n ** 53n, 2n ** 53n))).toEqual([edgeCicd.image_id]);
    const newest = { sort_key: 'latest_scan_time', sort_dir: 'desc', limit: '2' };
    expect(registryIds(newest)).toEqual([past.id, edge.id]);
    expect(cicdIds({ ...newest, limit: '10' }).slice(0, 2)).toEqual([
      pastCicd.image_id,
      edgeCicd.image_id,
    ]);
  });
});

describe('an index after re-scans', () => {
  it('is patched in place, not built whole, and answers as a brute force does; other changes build it whole', () => {
    const changing = generateEstate({ seed: 12, registryImages: 3_000, cicdImages: 300, now: NOW });
    const rng = createRng(5);
    const cases: Record<string, string>[] = [
      { sort_key: 'latest_scan_time' },
      { sort_key: 'latest_scan_time', sort_dir: 'desc', severity_level: 'High' },
      { start_latest_scan_time: String(NOW - 1), has_vul: 'true' },
      { scan_status: 'success', risky: 'false' },
    ];
    const expectBruteForce = () => {
      for (const params of cases) {
        const answer = queryRegistryImages(
          changing,
          registryQuery({ ...params, limit: '200', offset: '0' }),
          NOW,
        );
        const expected = bruteForce(changing.registryImages, params);
        expect(answer.total_num).toBe(expected.length);
        expect(answer.data_list.map((row) => row.id)).toEqual(
          expected.slice(0, 200).map((row) => row.id),
        );
      }
      const cicd = queryCicdImages(
        changing,
        cicdQuery({ sort_key: 'latest_scan_time', limit: '200' }),
        NOW,
      );
      expect(cicd.data_list.map((row) => row.image_id)).toEqual(
        bruteForce(changing.cicdImages, { sort_key: 'latest_scan_time' })
          .slice(0, 200)
          .map((row) => row.image_id),
      );
    };
    expectBruteForce();
    const builds = queryIndexBuilds();
    for (let rescan = 0; rescan < 5; rescan += 1) {
      rescanImages(changing, 3, NOW + rescan, rng, 2);
      expectBruteForce();
    }
    // Two re-scans between two queries: both patched.
    rescanImages(changing, 2, NOW + 10, rng, 1);
    rescanImages(changing, 2, NOW + 11, rng, 1);
    expectBruteForce();
    expect(queryIndexBuilds()).toBe(builds);

    addRegistryImages(changing, 2, NOW + 12, rng);
    expectBruteForce();
    expect(queryIndexBuilds()).toBe(builds + 2);
  });
});
