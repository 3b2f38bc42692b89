import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SCAN_FAILED_CODE_LIST,
  SCAN_STATUSES,
  SWR_CATEGORIES,
  type RegistryImageType,
} from '../shared/contracts';
import {
  applyDrift,
  basicImagePool,
  basicImagesOf,
  compareIds,
  generateEstate,
  MAX_ID,
  MAX_IMAGE_SIZE,
  NO_BASIC_IMAGE_SHARE,
  severityFor,
  type Estate,
} from './estate';
import { createRng } from './random';
import { registryImageJson } from './serialise';

const NOW = Date.UTC(2025, 5, 1);
const EIGHTEEN_MONTHS = 548 * 86_400_000;

function fingerprint(estate: Estate): string {
  const hash = createHash('sha256');
  for (const row of estate.registryImages) hash.update(registryImageJson(row, estate));
  hash.update(JSON.stringify(estate.cicdImages));
  hash.update(JSON.stringify([...estate.swrRepositories]));
  hash.update(JSON.stringify(estate.acrRepositories));
  return hash.digest('hex');
}

describe('generateEstate', () => {
  const estate = generateEstate({ seed: 7, registryImages: 20_000, cicdImages: 2_000, now: NOW });

  it('is deterministic: same seed, same estate byte for byte; another seed differs', () => {
    const again = generateEstate({ seed: 7, registryImages: 20_000, cicdImages: 2_000, now: NOW });
    expect(fingerprint(again)).toBe(fingerprint(estate));
    const other = generateEstate({ seed: 8, registryImages: 20_000, cicdImages: 2_000, now: NOW });
    expect(fingerprint(other)).not.toBe(fingerprint(estate));
  });

  it('has the requested sizes, ids in ascending order and 64-bit ids beyond 2^53', () => {
    expect(estate.registryImages).toHaveLength(20_000);
    expect(estate.cicdImages).toHaveLength(2_000);
    const ids = estate.registryImages.map((row) => row.id);
    for (let i = 1; i < ids.length; i++)
      expect(compareIds(ids[i - 1] as string, ids[i] as string)).toBeLessThan(0);
    expect(ids).toContain(MAX_ID.toString());
    expect(ids.some((id) => BigInt(id) > 2n ** 53n && id !== MAX_ID.toString())).toBe(true);
    expect(new Set(estate.cicdImages.map((row) => row.image_id)).size).toBe(2_000);
  });

  it.each(
    Object.entries({
      private_image: 'SwrPrivate',
      shared_image: 'SwrShared',
      instance_image: 'SwrEnterprise',
      harbor: 'Harbor',
      jfrog: 'Jfrog',
    } satisfies Record<RegistryImageType, string>),
  )('holds %s images, each of registry type %s', (type, registryType) => {
    const rows = estate.registryImages.filter((row) => row.image_type === type);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.registry_type === registryType)).toBe(true);
  });

  it('covers shared and instance images, every scan status and every failure code', () => {
    const shared = estate.registryImages.filter((row) => row.image_type === 'shared_image');
    expect(
      shared.every(
        (row) => row.domain_name !== '' && ['effective', 'expired'].includes(row.shared_status),
      ),
    ).toBe(true);
    const instances = new Set(
      estate.registryImages
        .filter((row) => row.image_type === 'instance_image')
        .map((row) => row.instance_id),
    );
    expect(instances.size).toBeGreaterThanOrEqual(2);
    for (const status of SCAN_STATUSES) {
      expect(
        estate.registryImages.some((row) => row.scan_status === status),
        status,
      ).toBe(true);
    }
    const codes = new Set(estate.registryImages.map((row) => row.scan_failed_code));
    for (const code of SCAN_FAILED_CODE_LIST) expect(codes.has(code), code).toBe(true);
  });

  it('keeps counts, severity, sizes and times consistent', () => {
    for (const row of [...estate.registryImages, ...estate.cicdImages]) {
      expect(row.image_size).toBeLessThanOrEqual(MAX_IMAGE_SIZE);
      expect(row.latest_update_time).toBeGreaterThanOrEqual(NOW - EIGHTEEN_MONTHS);
      expect(row.latest_update_time).toBeLessThanOrEqual(NOW);
      if (row.scan_status === 'success') {
        expect(row.severity_level).toBe(
          severityFor(row.vul_num, row.unsafe_setting_num, row.malicious_file_num),
        );
      } else {
        expect(row.severity_level).toBe('');
        expect(row.vul_num + row.unsafe_setting_num + row.malicious_file_num).toBe(0);
      }
      if (['unscan', 'waiting_for_scan', 'scanning'].includes(row.scan_status))
        expect(row.latest_scan_time).toBeNull();
      if (row.latest_scan_time !== null) {
        expect(row.latest_scan_time).toBeGreaterThanOrEqual(row.latest_update_time);
        expect(row.latest_scan_time).toBeLessThanOrEqual(NOW);
      }
    }
    const severities = new Set(estate.registryImages.map((row) => row.severity_level));
    expect([...severities].sort()).toEqual(['', 'High', 'Low', 'Medium', 'Security']);
  });

  it('marks exactly one latest version per namespace and image', () => {
    const latest = new Map<string, number>();
    for (const row of estate.registryImages) {
      const key = `${row.namespace}/${row.image_name}`;
      latest.set(key, (latest.get(key) ?? 0) + (row.latest_version ? 1 : 0));
    }
    expect([...latest.values()].every((count) => count === 1)).toBe(true);
  });

  it('links multi-architecture images to per-architecture rows of the same name and version', () => {
    const parents = estate.registryImages.filter((row) => row.is_multiple_arch);
    expect(parents.length / estate.registryImages.length).toBeGreaterThan(0.02);
    for (const parent of parents) {
      expect(parent.association_ids.length).toBeGreaterThanOrEqual(2);
      expect(parent.association_ids.length).toBeLessThanOrEqual(4);
      for (const id of parent.association_ids) {
        const child = estate.registryById.get(id);
        expect(child?.image_name).toBe(parent.image_name);
        expect(child?.image_version).toBe(parent.image_version);
        expect(child?.namespace).toBe(parent.namespace);
      }
    }
  });

  it('gives a multi-architecture parent (a manifest list) no scan result of its own', () => {
    const parents = estate.registryImages.filter((row) => row.is_multiple_arch);
    const children = parents.flatMap((parent) =>
      parent.association_ids.map((id) => estate.registryById.get(id)),
    );
    for (const parent of parents) {
      expect(parent).toMatchObject({
        scan_status: 'unscan',
        latest_scan_time: null,
        vul_num: 0,
        unsafe_setting_num: 0,
        malicious_file_num: 0,
        severity_level: '',
      });
    }
    // The per-architecture images are scanned like any other: some have findings.
    expect(children.some((child) => child?.scan_status === 'success')).toBe(true);
    expect(children.some((child) => (child?.vul_num ?? 0) > 0)).toBe(true);
    // Members are told apart by digest (and image id), never by name or tag.
    for (const parent of parents) {
      const digests = new Set(
        [parent, ...parent.association_ids.map((id) => estate.registryById.get(id))].map(
          (row) => row?.image_digest,
        ),
      );
      expect(digests.size).toBe(parent.association_ids.length + 1);
    }
  });

  it('has SWR facts for every basic-edition SWR repository (not enterprise), counting its rows', () => {
    const counts = new Map<string, number>();
    for (const row of estate.registryImages) {
      if (row.registry_type === 'SwrPrivate' || row.registry_type === 'SwrShared')
        counts.set(row.repository_key, (counts.get(row.repository_key) ?? 0) + 1);
    }
    expect(estate.swrRepositories.size).toBe(counts.size);
    for (const [key, repo] of estate.swrRepositories) {
      expect(repo.num_images).toBe(counts.get(key));
      expect(SWR_CATEGORIES).toContain(repo.category);
      expect(repo.path).toBe(`swr.cn-north-4.myhuaweicloud.com/${key}`);
    }
  });

  it('has two ACR instances and about sixty repositories with 1 to 150 tags', () => {
    expect(estate.acrInstances).toHaveLength(2);
    expect(estate.acrRepositories).toHaveLength(60);
    for (const repo of estate.acrRepositories) {
      expect(repo.RepoId).toMatch(/^crr-[a-z0-9]+$/);
      expect(repo.tags.length).toBeGreaterThanOrEqual(1);
      expect(repo.tags.length).toBeLessThanOrEqual(150);
      for (const tag of repo.tags) expect(tag.Digest).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('answers basic images by digest: the same digest has the same base in both lists', () => {
    const [first, second] = estate.registryImages;
    if (!first || !second) throw new Error('no images');
    // Another image (other id, name and tag) with the same digest gets the same answer.
    const twin = { ...second, image_digest: first.image_digest };
    expect(basicImagesOf(twin)).toEqual(basicImagesOf(first));
    // CI/CD images pushed to a registry share digests with repository images, and their bases.
    const registryByDigest = new Map(estate.registryImages.map((row) => [row.image_digest, row]));
    const shared = estate.cicdImages.filter((row) => registryByDigest.has(row.image_digest));
    expect(shared.length).toBeGreaterThan(estate.cicdImages.length * 0.05);
    for (const cicd of shared) {
      const registry = registryByDigest.get(cicd.image_digest);
      if (!registry) throw new Error('lost the registry twin');
      expect(basicImagesOf(cicd)).toEqual(basicImagesOf(registry));
    }
  });

  it('draws bases from a shared pool, with ~8% of digests without one and a popular few', () => {
    const digests = [
      ...new Set([...estate.registryImages, ...estate.cicdImages].map((row) => row.image_digest)),
    ];
    const answers = digests.map((image_digest) => basicImagesOf({ image_digest }));
    const noneShare = answers.filter((list) => list.length === 0).length / answers.length;
    expect(noneShare).toBeGreaterThan(NO_BASIC_IMAGE_SHARE - 0.015);
    expect(noneShare).toBeLessThan(NO_BASIC_IMAGE_SHARE + 0.015);
    expect(answers.some((list) => list.length === 2)).toBe(true);

    const pool = new Set(basicImagePool().map((entry) => entry.layer_digest));
    const imagesPerBase = new Map<string, number>();
    for (const entry of answers.flat()) {
      expect(entry.layer_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(pool.has(entry.layer_digest)).toBe(true);
      imagesPerBase.set(entry.layer_digest, (imagesPerBase.get(entry.layer_digest) ?? 0) + 1);
    }
    // Far fewer bases than images, and skewed: the busiest tenth of bases carry most images.
    expect(imagesPerBase.size).toBeLessThan(digests.length / 20);
    const counts = [...imagesPerBase.values()].sort((a, b) => b - a);
    const busiest = counts.slice(0, Math.ceil(counts.length / 10));
    const total = counts.reduce((sum, count) => sum + count, 0);
    expect(busiest.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(total * 0.5);
  });
});

describe('basicImagePool', () => {
  const pool = basicImagePool();

  it('holds a few hundred bases of many OS families, end-of-life releases among them', () => {
    expect(pool.length).toBeGreaterThanOrEqual(200);
    expect(pool.length).toBeLessThanOrEqual(500);
    expect(new Set(pool.map((entry) => entry.layer_digest)).size).toBe(pool.length);
    expect(new Set(pool.map((entry) => entry.os_name)).size).toBeGreaterThanOrEqual(12);
    const releases = new Set(pool.map((entry) => `${entry.os_name} ${entry.os_version}`));
    for (const endOfLife of [
      'CentOS Linux 7.9.2009',
      'Debian GNU/Linux 9',
      'Debian GNU/Linux 10',
      'Ubuntu 18.04',
      'Alpine Linux 3.12.12',
    ]) {
      expect(releases.has(endOfLife), endOfLife).toBe(true);
    }
  });

  it('is the same in every estate (it depends on no seed)', () => {
    const other = generateEstate({ seed: 99, registryImages: 50, cicdImages: 10, now: NOW });
    const image = other.registryImages[0];
    if (!image) throw new Error('no image');
    expect(basicImagesOf(image)).toEqual(basicImagesOf({ image_digest: image.image_digest }));
    expect(basicImagePool()).toBe(pool);
  });
});

describe('applyDrift', () => {
  it('re-scans, adds and sometimes removes images, keeping the invariants', () => {
    const estate = generateEstate({ seed: 3, registryImages: 5_000, cicdImages: 500, now: NOW });
    const rng = createRng(99);
    const later = NOW + 60_000;
    const before = new Set(estate.registryImages.map((row) => row.id));
    const version = estate.version;
    for (let i = 0; i < 20; i++) applyDrift(estate, later, rng);
    expect(estate.version).toBeGreaterThan(version);
    const added = estate.registryImages.filter((row) => !before.has(row.id));
    expect(added.length).toBeGreaterThan(0);
    expect(
      added.every((row) => row.latest_update_time === later && row.latest_sync_time === later),
    ).toBe(true);
    expect(
      estate.registryImages.some((row) => row.latest_scan_time === later && before.has(row.id)),
    ).toBe(true);
    expect(estate.cicdImages.some((row) => row.latest_scan_time === later)).toBe(true);
    // A re-scan reaches the per-architecture images; their manifest list stays unscanned.
    const parents = estate.registryImages.filter((row) => row.is_multiple_arch);
    expect(parents.every((row) => row.latest_scan_time === null && row.vul_num === 0)).toBe(true);
    const ids = estate.registryImages.map((row) => row.id);
    for (let i = 1; i < ids.length; i++)
      expect(compareIds(ids[i - 1] as string, ids[i] as string)).toBeLessThan(0);
    const latest = new Map<string, number>();
    for (const row of estate.registryImages) {
      latest.set(
        row.repository_key,
        (latest.get(row.repository_key) ?? 0) + (row.latest_version ? 1 : 0),
      );
    }
    expect([...latest.values()].every((count) => count === 1)).toBe(true);
    for (const [key, repo] of estate.swrRepositories) {
      expect(repo.num_images).toBe(
        estate.registryImages.filter((row) => row.repository_key === key).length,
      );
    }
  });
});
