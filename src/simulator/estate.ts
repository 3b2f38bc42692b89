// The simulated estate: repository images, CI/CD images, basic-image info, SWR repositories and
// ACR repositories with tags. Generated from a seed (same seed, same estate) and changed slowly by
// drift so that incremental sync has something to find.
import {
  SCAN_FAILED_CODES,
  SCAN_FAILED_CODE_LIST,
  CICD_SCAN_FAILED_CODES,
  type RegistryImageType,
  type RegistryType,
  type ScanStatus,
  type SeverityLevel,
  type SharedStatus,
  type ScanFailedCode,
} from '../shared/contracts';
import { createRng, hashSeed, type Rng } from './random';
import {
  ACR_NAMESPACES,
  ARCHITECTURES,
  BASE_OS_RELEASES,
  CREATORS,
  NAMESPACES,
  PIPELINE_SUFFIXES,
  SERVICE_IMAGES,
  SHARED_DOMAINS,
  WELL_KNOWN_IMAGES,
} from './names';

export const DEFAULT_REGISTRY_IMAGES = 20_000;
export const DEFAULT_CICD_IMAGES = 2_000;
export const DEFAULT_REGION = 'cn-north-4';
export const MAX_IMAGE_SIZE = 2_147_483_547;
/** Ids above 2^53 that JavaScript numbers cannot hold: the first of them, and the largest Long. */
export const FIRST_BIG_ID = 9_007_199_254_740_993n;
export const MAX_ID = 9_223_372_036_854_775_807n;

const DAY_MS = 86_400_000;
/** Share of CI/CD images that were pushed to a registry too (the same digest in both lists). */
const CICD_PUSHED_SHARE = 0.1;
const HISTORY_MS = 548 * DAY_MS; // 18 months

export interface RegistryInfo {
  image_type: RegistryImageType;
  registry_type: RegistryType;
  registry_id: string;
  registry_name: string;
  instance_id: string;
  instance_name: string;
  instance_url: string;
}

/**
 * Epoch ms. Generated times are numbers; the vendor types them Long (up to 2^63-1), so a test
 * may set a bigint past 2^53 and the simulator filters, sorts and serialises it exactly.
 */
export type SimTime = number | bigint;

/** What both image lists' records hold: the image's names, its scan outcome and repository. */
interface ImageRecordFields {
  namespace: string;
  image_name: string;
  image_id: string;
  image_digest: string;
  image_version: string;
  registry_name: string;
  latest_version: boolean;
  scan_status: ScanStatus;
  scan_failed_desc: string;
  scan_failed_code: string;
  image_size: number;
  latest_update_time: SimTime;
  latest_scan_time: SimTime | null;
  vul_num: number;
  unsafe_setting_num: number;
  malicious_file_num: number;
  severity_level: SeverityLevel | '';
  /** `${namespace}/${image_name}`: the repository the row belongs to (not sent). */
  repository_key: string;
}

export interface RegistryImageRecord extends ImageRecordFields {
  /** Decimal digits of a 64-bit Long; compare with `compareIds`. */
  id: string;
  image_type: RegistryImageType;
  registry_id: string;
  registry_type: RegistryType;
  latest_sync_time: SimTime;
  domain_name: string;
  shared_status: SharedStatus | '';
  scannable: boolean;
  is_multiple_arch: boolean;
  instance_name: string;
  instance_id: string;
  instance_url: string;
  /** Ids of the per-architecture rows of a multi-architecture image. */
  association_ids: string[];
  /** Set on the per-architecture rows of a multi-architecture image (not sent). */
  architecture: string;
}

export interface CicdImageRecord extends ImageRecordFields {
  cicd_name: string;
  pipeline_type: 'jenkins' | 'codearts';
  image_type: 'cicd';
  registry_type: 'cicd';
}

export interface BasicImageRecord {
  os_name: string;
  os_version: string;
  layer_digest: string;
}

/** ShowRepository body of one SWR repository; num_images, size and updated follow the rows. */
export interface SwrRepositoryRecord {
  id: number;
  ns_id: number;
  name: string;
  category: string;
  description: string;
  creator_id: string;
  creator_name: string;
  size: number;
  is_public: boolean;
  num_images: number;
  num_download: number;
  url: string;
  path: string;
  internal_path: string;
  /** Epoch ms of `created` and `updated` (sent as ISO strings). */
  created_ms: number;
  updated_ms: number;
  domain_id: string;
  priority: number;
}

export interface AcrInstanceRecord {
  InstanceId: string;
  InstanceName: string;
}

export interface AcrTagRecord {
  Tag: string;
  Digest: string;
  ImageId: string;
  Status: 'NORMAL';
  ImageSize: number;
  ImageCreate: number;
  ImageUpdate: number;
}

export interface AcrRepositoryRecord {
  RepoId: string;
  InstanceId: string;
  RepoNamespaceName: string;
  RepoName: string;
  RepoType: 'PUBLIC' | 'PRIVATE';
  RepoStatus: 'NORMAL';
  RepoBuildType: 'MANUAL' | 'AUTO';
  Summary: string;
  CreateTime: number;
  ModifiedTime: number;
  /** Newest first, as ListRepoTag returns them. */
  tags: AcrTagRecord[];
}

/** A repository the generator and drift add versions to. */
interface RepositoryPlan {
  key: string;
  namespace: string;
  image_name: string;
  registry: RegistryInfo;
  domain_name: string;
  shared_status: SharedStatus | '';
  versionStyle: VersionStyle;
  semver: [number, number, number];
  usedVersions: Set<string>;
}

interface CicdPlan {
  key: string;
  namespace: string;
  image_name: string;
  cicd_name: string;
  pipeline_type: 'jenkins' | 'codearts';
  registry_name: string;
  semver: [number, number, number];
  usedVersions: Set<string>;
}

type VersionStyle = 'semver' | 'semver-variants' | 'date' | 'v-semver';

export interface Estate {
  seed: number;
  region: string;
  /** Bumped on every change; query indexes are rebuilt when it moves (see inPlaceChanges). */
  version: number;
  /**
   * The latest changes that left every row where it was (re-scans), oldest first: the version each
   * made and the positions of the rows it changed. The query indexes patch those rows instead of
   * being built whole (12 s at 1,000,000 rows on a loaded machine, on every re-scan). A change
   * without an entry (rows added or removed) makes them build whole again.
   */
  inPlaceChanges: InPlaceChange[];
  /** Kept in ascending id order. */
  registryImages: RegistryImageRecord[];
  /** Kept in ascending image_id order. */
  cicdImages: CicdImageRecord[];
  registryById: Map<string, RegistryImageRecord>;
  cicdById: Map<string, CicdImageRecord>;
  /** Key `${namespace}/${repository}` for every repository in an SWR registry. */
  swrRepositories: Map<string, SwrRepositoryRecord>;
  acrInstances: AcrInstanceRecord[];
  acrRepositories: AcrRepositoryRecord[];
  /** Generation state that drift continues from. */
  internal: {
    repositories: RepositoryPlan[];
    cicdPipelines: CicdPlan[];
    nextBigId: bigint;
    failedCodeCursor: number;
  };
}

export interface InPlaceChange {
  version: number;
  /** Positions in `registryImages` and `cicdImages`. */
  registryRows: number[];
  cicdRows: number[];
}

/** In-place changes remembered; an index further behind is built whole. */
const IN_PLACE_CHANGES_KEPT = 64;

export interface GenerateEstateOptions {
  seed: number;
  registryImages?: number;
  cicdImages?: number;
  now: number;
  region?: string;
}

/** Orders decimal id strings numerically (no leading zeros, so length first). */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Scan results

const SCAN_STATUS_WEIGHTS: readonly (readonly [ScanStatus, number])[] = [
  ['success', 82],
  ['unscan', 4],
  ['waiting_for_scan', 3],
  ['scanning', 2],
  ['failed', 5],
  ['download_failed', 2],
  ['image_oversized', 2],
];

interface ScanResult {
  scan_status: ScanStatus;
  scan_failed_code: string;
  scan_failed_desc: string;
  latest_scan_time: number | null;
  vul_num: number;
  unsafe_setting_num: number;
  malicious_file_num: number;
  severity_level: SeverityLevel | '';
}

/** Severity follows the counts: malicious files or many vulnerabilities are High. */
export function severityFor(vul: number, unsafe: number, malicious: number): SeverityLevel {
  if (malicious > 0 || vul >= 60) return 'High';
  if (vul >= 12 || unsafe >= 10) return 'Medium';
  if (vul > 0 || unsafe > 0) return 'Low';
  return 'Security';
}

function riskCounts(rng: Rng): { vul: number; unsafe: number; malicious: number } {
  // Long-tailed: most images have a handful of findings, a few have hundreds.
  const vulRoll = rng.next();
  const vul =
    vulRoll < 0.3
      ? 0
      : vulRoll < 0.75
        ? rng.int(1, 15)
        : vulRoll < 0.95
          ? rng.int(16, 120)
          : rng.int(121, 900);
  const unsafe = rng.chance(0.55) ? 0 : rng.chance(0.85) ? rng.int(1, 8) : rng.int(9, 40);
  const malicious = rng.chance(0.96) ? 0 : rng.chance(0.8) ? rng.int(1, 3) : rng.int(4, 25);
  return { vul, unsafe, malicious };
}

function successfulScan(rng: Rng, scanTime: number): ScanResult {
  const { vul, unsafe, malicious } = riskCounts(rng);
  return {
    scan_status: 'success',
    scan_failed_code: '',
    scan_failed_desc: '',
    latest_scan_time: scanTime,
    vul_num: vul,
    unsafe_setting_num: unsafe,
    malicious_file_num: malicious,
    severity_level: severityFor(vul, unsafe, malicious),
  };
}

function scanResult(
  estate: Pick<Estate, 'internal'>,
  rng: Rng,
  updateTime: number,
  now: number,
  failedCodes: readonly ScanFailedCode[],
  forcedStatus?: ScanStatus,
): ScanResult {
  const status = forcedStatus ?? rng.weighted(SCAN_STATUS_WEIGHTS);
  const scanTime = updateTime + Math.floor(rng.next() * Math.max(1, now - updateTime));
  switch (status) {
    case 'success':
      return successfulScan(rng, scanTime);
    case 'unscan':
    case 'waiting_for_scan':
    case 'scanning':
      return failure(status, '', null);
    case 'download_failed':
      return failure(status, 'download_failed', scanTime);
    case 'image_oversized':
      return failure(status, 'image_over_sized', scanTime);
    case 'failed': {
      // Round-robin so that every documented failure code appears even in a small estate.
      const code =
        failedCodes[estate.internal.failedCodeCursor++ % failedCodes.length] ?? 'unknown_error';
      return failure(status, code, scanTime);
    }
  }
  /** A scan without findings: not run yet (no time, no code) or failed. */
  function failure(
    scanStatus: ScanStatus,
    code: ScanFailedCode | '',
    time: number | null,
  ): ScanResult {
    return {
      scan_status: scanStatus,
      scan_failed_code: code,
      scan_failed_desc: code === '' ? '' : SCAN_FAILED_CODES[code].meaning,
      latest_scan_time: time,
      vul_num: 0,
      unsafe_setting_num: 0,
      malicious_file_num: 0,
      severity_level: '',
    };
  }
}

function imageSize(rng: Rng, status: ScanStatus): number {
  if (status === 'image_oversized') return rng.int(1_600_000_000, MAX_IMAGE_SIZE);
  // Log-uniform between 2 MB and ~1.5 GB.
  const size = Math.floor(Math.exp(14.5 + rng.next() * 6.7));
  return Math.min(size, MAX_IMAGE_SIZE);
}

// ---------------------------------------------------------------------------------------------
// Versions

const VERSION_VARIANTS = ['', '', '-alpine', '-slim', '-bookworm'] as const;

function nextVersion(
  plan: { semver: [number, number, number]; usedVersions: Set<string> },
  style: VersionStyle,
  rng: Rng,
  time: number,
): string {
  let version: string;
  const semverParts = plan.semver;
  const roll = rng.next();
  if (roll < 0.05) {
    semverParts[0] += 1;
    semverParts[1] = 0;
    semverParts[2] = 0;
  } else if (roll < 0.3) {
    semverParts[1] += 1;
    semverParts[2] = 0;
  } else {
    semverParts[2] += 1;
  }
  const semver = `${semverParts[0]}.${semverParts[1]}.${semverParts[2]}`;
  switch (style) {
    case 'semver':
      version = semver;
      break;
    case 'v-semver':
      version = `v${semver}`;
      break;
    case 'semver-variants':
      version = semver + rng.pick(VERSION_VARIANTS);
      break;
    case 'date': {
      const date = new Date(time).toISOString().slice(0, 10).replaceAll('-', '');
      version = rng.chance(0.5) ? date : `${date}-${rng.hex(7)}`;
      break;
    }
  }
  while (plan.usedVersions.has(version)) version = `${version}-${rng.int(1, 9)}`;
  plan.usedVersions.add(version);
  return version;
}

// ---------------------------------------------------------------------------------------------
// Registries and repositories

function registries(
  rng: Rng,
  region: string,
): {
  private: RegistryInfo;
  shared: RegistryInfo;
  enterprise: RegistryInfo[];
  harbor: RegistryInfo[];
  jfrog: RegistryInfo;
} {
  const none = { instance_id: '', instance_name: '', instance_url: '' };
  const enterprise = ['ent-prod', 'ent-staging', 'ent-security'].map((name): RegistryInfo => {
    const instanceId = `${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
    return {
      image_type: 'instance_image',
      registry_type: 'SwrEnterprise',
      registry_id: instanceId,
      registry_name: name,
      instance_id: instanceId,
      instance_name: name,
      instance_url: `https://${name}.swr.${region}.myhuaweicloud.com`,
    };
  });
  return {
    private: {
      image_type: 'private_image',
      registry_type: 'SwrPrivate',
      registry_id: rng.hex(32),
      registry_name: `swr-${region}`,
      ...none,
    },
    shared: {
      image_type: 'shared_image',
      registry_type: 'SwrShared',
      registry_id: rng.hex(32),
      registry_name: `swr-shared-${region}`,
      ...none,
    },
    enterprise,
    harbor: ['harbor-dc1', 'harbor-dc2'].map((name) => ({
      image_type: 'harbor' as const,
      registry_type: 'Harbor' as const,
      registry_id: rng.hex(32),
      registry_name: name,
      ...none,
    })),
    jfrog: {
      image_type: 'jfrog',
      registry_type: 'Jfrog',
      registry_id: rng.hex(32),
      registry_name: 'jfrog-artifactory',
      ...none,
    },
  };
}

const CATEGORY_BY_IMAGE = new Map(WELL_KNOWN_IMAGES);
const ALL_IMAGE_NAMES: readonly string[] = [
  ...WELL_KNOWN_IMAGES.map(([name]) => name),
  ...SERVICE_IMAGES,
];

function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const held = items[i] as T;
    items[i] = items[j] as T;
    items[j] = held;
  }
  return items;
}

function planRepositories(rng: Rng, region: string, imageCount: number): RepositoryPlan[] {
  const registry = registries(rng, region);
  const combos: [string, string][] = [];
  for (const namespace of NAMESPACES)
    for (const name of ALL_IMAGE_NAMES) combos.push([namespace, name]);
  shuffle(combos, rng);
  const wanted = Math.max(8, Math.min(combos.length, Math.round(imageCount / 8)));
  return combos.slice(0, wanted).map(([namespace, image_name], index): RepositoryPlan => {
    // The first five cover every registry type even in a tiny estate.
    const kind =
      index < 5
        ? (['private', 'shared', 'enterprise', 'harbor', 'jfrog'] as const)[index]
        : rng.weighted([
            ['private', 58],
            ['shared', 8],
            ['enterprise', 18],
            ['harbor', 11],
            ['jfrog', 5],
          ] as const);
    const info =
      kind === 'private'
        ? registry.private
        : kind === 'shared'
          ? registry.shared
          : kind === 'enterprise'
            ? rng.pick(registry.enterprise)
            : kind === 'harbor'
              ? rng.pick(registry.harbor)
              : registry.jfrog;
    return {
      key: `${namespace}/${image_name}`,
      namespace,
      image_name,
      registry: info,
      domain_name: kind === 'shared' ? rng.pick(SHARED_DOMAINS) : '',
      shared_status: kind === 'shared' ? (rng.chance(0.85) ? 'effective' : 'expired') : '',
      versionStyle: rng.weighted([
        ['semver', 45],
        ['semver-variants', 25],
        ['v-semver', 15],
        ['date', 15],
      ] as const),
      semver: [rng.int(0, 8), rng.int(0, 20), 0],
      usedVersions: new Set(),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Rows

function newRegistryRow(
  estate: Pick<Estate, 'internal'>,
  plan: RepositoryPlan,
  rng: Rng,
  version: string,
  updateTime: number,
  now: number,
  architecture: string,
): RegistryImageRecord {
  const scan = scanResult(estate, rng, updateTime, now, SCAN_FAILED_CODE_LIST);
  const imageId = rng.hex(64);
  return {
    id: '',
    namespace: plan.namespace,
    image_name: plan.image_name,
    image_id: imageId,
    image_digest: `sha256:${rng.hex(64)}`,
    image_version: version,
    image_type: plan.registry.image_type,
    registry_id: plan.registry.registry_id,
    registry_name: plan.registry.registry_name,
    registry_type: plan.registry.registry_type,
    latest_version: false,
    scan_status: scan.scan_status,
    scan_failed_desc: scan.scan_failed_desc,
    scan_failed_code: scan.scan_failed_code,
    image_size: imageSize(rng, scan.scan_status),
    latest_update_time: updateTime,
    latest_scan_time: scan.latest_scan_time,
    latest_sync_time:
      updateTime + Math.floor(rng.next() * Math.min(3 * DAY_MS, Math.max(1, now - updateTime))),
    domain_name: plan.domain_name,
    shared_status: plan.shared_status,
    scannable: plan.shared_status !== 'expired',
    is_multiple_arch: false,
    instance_name: plan.registry.instance_name,
    instance_id: plan.registry.instance_id,
    instance_url: plan.registry.instance_url,
    vul_num: scan.vul_num,
    unsafe_setting_num: scan.unsafe_setting_num,
    malicious_file_num: scan.malicious_file_num,
    severity_level: scan.severity_level,
    association_ids: [],
    architecture,
    repository_key: plan.key,
  };
}

/**
 * A multi-architecture parent is a manifest list: it has no layers, so it is never scanned
 * itself; its per-architecture images are, and they hold the findings (the BFF rolls them up).
 * It therefore carries no scan result at all rather than one that could contradict its members.
 */
const MANIFEST_LIST_SCAN = {
  scan_status: 'unscan',
  scan_failed_code: '',
  scan_failed_desc: '',
  latest_scan_time: null,
  vul_num: 0,
  unsafe_setting_num: 0,
  malicious_file_num: 0,
  severity_level: '',
} as const satisfies Partial<RegistryImageRecord>;

/** One image version: a single row, or a multi-architecture parent plus its per-arch rows. */
function newImageVersion(
  estate: Pick<Estate, 'internal'>,
  plan: RepositoryPlan,
  rng: Rng,
  updateTime: number,
  now: number,
  maxRows: number,
): RegistryImageRecord[] {
  const version = nextVersion(plan, plan.versionStyle, rng, updateTime);
  const parent = newRegistryRow(estate, plan, rng, version, updateTime, now, '');
  if (maxRows < 3 || !rng.chance(0.05)) return [parent];
  const archCount = Math.min(maxRows - 1, rng.int(2, 4));
  const children = ARCHITECTURES.slice(0, archCount).map((arch) =>
    newRegistryRow(estate, plan, rng, version, updateTime, now, arch),
  );
  parent.is_multiple_arch = true;
  Object.assign(parent, MANIFEST_LIST_SCAN);
  return [parent, ...children];
}

function linkAssociations(rows: RegistryImageRecord[]): void {
  const parent = rows[0];
  if (!parent?.is_multiple_arch) return;
  parent.association_ids = rows.slice(1).map((row) => row.id);
}

function swrRepositoryFor(
  plan: RepositoryPlan,
  rng: Rng,
  region: string,
  nsIds: Map<string, number>,
  domainId: string,
): SwrRepositoryRecord {
  let nsId = nsIds.get(plan.namespace);
  if (nsId === undefined) {
    nsId = 1_300_000 + nsIds.size * 17 + rng.int(0, 9);
    nsIds.set(plan.namespace, nsId);
  }
  const host = `swr.${region}.myhuaweicloud.com`;
  return {
    id: 860_000 + rng.int(0, 99_999) * 10 + nsIds.size,
    ns_id: nsId,
    name: plan.image_name,
    category:
      CATEGORY_BY_IMAGE.get(plan.image_name) ?? (rng.chance(0.7) ? 'framework_app' : 'other'),
    description: `${plan.image_name} images maintained by the ${plan.namespace} team`,
    creator_id: rng.hex(32),
    creator_name: rng.pick(CREATORS),
    size: 0,
    is_public: rng.chance(0.15),
    num_images: 0,
    num_download: rng.chance(0.2) ? 0 : rng.int(1, 50_000),
    url: '',
    path: `${host}/${plan.namespace}/${plan.image_name}`,
    internal_path: `${host}/${plan.namespace}/${plan.image_name}`,
    created_ms: 0,
    updated_ms: 0,
    domain_id: plan.registry.registry_type === 'SwrShared' ? rng.hex(32) : domainId,
    priority: 0,
  };
}

/**
 * Registries of SWR's basic edition, whose repositories ShowRepository (seed 002) describes. An
 * enterprise edition (SwrEnterprise) instance keeps its repositories elsewhere.
 */
function isSwrBasic(type: RegistryType): boolean {
  return type === 'SwrPrivate' || type === 'SwrShared';
}

function trackSwrAdd(estate: Estate, row: RegistryImageRecord): void {
  if (!isSwrBasic(row.registry_type)) return;
  const repo = estate.swrRepositories.get(row.repository_key);
  if (!repo) return;
  repo.num_images += 1;
  repo.size += row.image_size;
  const updated = Number(row.latest_update_time);
  const created = updated - 7 * DAY_MS;
  if (repo.created_ms === 0 || created < repo.created_ms) repo.created_ms = created;
  if (updated > repo.updated_ms) repo.updated_ms = updated;
}

function trackSwrRemove(estate: Estate, row: RegistryImageRecord): void {
  if (!isSwrBasic(row.registry_type)) return;
  const repo = estate.swrRepositories.get(row.repository_key);
  if (!repo) return;
  repo.num_images -= 1;
  repo.size -= row.image_size;
}

// ---------------------------------------------------------------------------------------------
// CI/CD

function planPipelines(rng: Rng, count: number): CicdPlan[] {
  const plans: CicdPlan[] = [];
  const used = new Set<string>();
  const wanted = Math.max(4, Math.min(400, Math.round(count / 10)));
  for (let i = 0; i < wanted * 3 && plans.length < wanted; i++) {
    const namespace = rng.pick(NAMESPACES);
    const image_name = rng.chance(0.8) ? rng.pick(SERVICE_IMAGES) : rng.pick(ALL_IMAGE_NAMES);
    const key = `${namespace}/${image_name}`;
    if (used.has(key)) continue;
    used.add(key);
    const pipeline_type = rng.chance(0.6) ? 'jenkins' : 'codearts';
    plans.push({
      key,
      namespace,
      image_name,
      cicd_name: `${image_name.replace('/', '-')}-${rng.pick(PIPELINE_SUFFIXES)}`,
      pipeline_type,
      registry_name:
        pipeline_type === 'jenkins'
          ? rng.pick(['harbor-dc1', 'jenkins-local'])
          : 'codearts-artifact',
      semver: [rng.int(0, 5), rng.int(0, 30), 0],
      usedVersions: new Set(),
    });
  }
  return plans;
}

function newCicdRow(
  estate: Pick<Estate, 'internal'>,
  plan: CicdPlan,
  rng: Rng,
  updateTime: number,
  now: number,
): CicdImageRecord {
  const scan = scanResult(estate, rng, updateTime, now, CICD_SCAN_FAILED_CODES);
  return {
    image_id: rng.hex(64),
    cicd_name: plan.cicd_name,
    pipeline_type: plan.pipeline_type,
    namespace: plan.namespace,
    image_name: plan.image_name,
    image_digest: `sha256:${rng.hex(64)}`,
    image_version: nextVersion(plan, rng.chance(0.7) ? 'semver' : 'date', rng, updateTime),
    registry_name: plan.registry_name,
    image_type: 'cicd',
    registry_type: 'cicd',
    latest_version: false,
    ...scan,
    image_size: imageSize(rng, scan.scan_status),
    latest_update_time: updateTime,
    repository_key: plan.key,
  };
}

// ---------------------------------------------------------------------------------------------
// ACR

function generateAcr(
  rng: Rng,
  now: number,
): { instances: AcrInstanceRecord[]; repositories: AcrRepositoryRecord[] } {
  const alnum = (length: number): string => {
    const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < length; i++) out += chars[Math.floor(rng.next() * chars.length)];
    return out;
  };
  const instances: AcrInstanceRecord[] = [
    { InstanceId: `cri-${alnum(16)}`, InstanceName: 'acr-prod-hangzhou' },
    { InstanceId: `cri-${alnum(16)}`, InstanceName: 'acr-shared-shanghai' },
  ];
  const repositories: AcrRepositoryRecord[] = [];
  const names = shuffle([...ALL_IMAGE_NAMES.filter((name) => !name.includes('/'))], rng);
  for (let i = 0; i < 60; i++) {
    const instance = instances[i % 2] as AcrInstanceRecord;
    const created = now - Math.floor(rng.next() * HISTORY_MS);
    const tagCount = rng.chance(0.15) ? rng.int(60, 150) : rng.int(1, 40);
    const tags: AcrTagRecord[] = [];
    let time = created;
    const step = Math.max(1, Math.floor((now - created) / (tagCount + 1)));
    for (let t = 0; t < tagCount; t++) {
      time += Math.floor(step * (0.5 + rng.next()));
      const imageCreate = Math.min(time, now);
      tags.push({
        Tag:
          t === tagCount - 1 && rng.chance(0.4)
            ? 'latest'
            : `v${1 + Math.floor(t / 20)}.${t % 20}.${rng.int(0, 9)}`,
        Digest: rng.hex(64),
        ImageId: rng.hex(64),
        Status: 'NORMAL',
        ImageSize: imageSize(rng, 'success'),
        ImageCreate: imageCreate,
        ImageUpdate: Math.min(now, imageCreate + rng.int(0, DAY_MS)),
      });
    }
    tags.reverse();
    const name = names[i % names.length] ?? `service-${i}`;
    repositories.push({
      RepoId: `crr-${alnum(16)}`,
      InstanceId: instance.InstanceId,
      RepoNamespaceName: ACR_NAMESPACES[i % ACR_NAMESPACES.length] ?? 'prod',
      RepoName: name,
      RepoType: rng.chance(0.2) ? 'PUBLIC' : 'PRIVATE',
      RepoStatus: 'NORMAL',
      RepoBuildType: rng.chance(0.3) ? 'AUTO' : 'MANUAL',
      Summary: `${name} for ${ACR_NAMESPACES[i % ACR_NAMESPACES.length] ?? 'prod'}`,
      CreateTime: created,
      ModifiedTime: tags[0]?.ImageUpdate ?? created,
      tags,
    });
  }
  return { instances, repositories };
}

/**
 * Images pushed to both clouds: in ACR repositories named like repository images, about four tags
 * in ten become such an image (its tag, digest and image id), so that HSS's scan of the SWR copy
 * travels to the ACR tag by digest; the other tags stay only in ACR. A tag already in the
 * repository is not taken twice.
 */
function pushToBothClouds(
  repositories: readonly AcrRepositoryRecord[],
  registryRows: readonly RegistryImageRecord[],
  rng: Rng,
): void {
  const byName = new Map<string, RegistryImageRecord[]>();
  for (const row of registryRows) {
    const same = byName.get(row.image_name);
    if (same) same.push(row);
    else byName.set(row.image_name, [row]);
  }
  for (const repo of repositories) {
    const candidates = byName.get(repo.RepoName);
    if (candidates === undefined) continue;
    const taken = new Set(repo.tags.map((tag) => tag.Tag));
    for (const tag of repo.tags) {
      if (!rng.chance(0.4)) continue;
      const row = rng.pick(candidates);
      if (taken.has(row.image_version)) continue;
      taken.delete(tag.Tag);
      taken.add(row.image_version);
      tag.Tag = row.image_version;
      tag.Digest = row.image_digest.replace(/^sha256:/, '');
      tag.ImageId = row.image_id;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Generation

export function generateEstate(options: GenerateEstateOptions): Estate {
  const registryCount = Math.max(0, Math.floor(options.registryImages ?? DEFAULT_REGISTRY_IMAGES));
  const cicdCount = Math.max(0, Math.floor(options.cicdImages ?? DEFAULT_CICD_IMAGES));
  const region = options.region ?? DEFAULT_REGION;
  const { now } = options;
  const root = createRng(options.seed);
  // Independent streams, so that changing one part's size leaves the others as they were.
  const repoRng = root.fork();
  const rowRng = root.fork();
  const cicdRng = root.fork();
  const acrRng = root.fork();
  const swrRng = root.fork();
  const pushRng = root.fork();
  // Last, so that the streams above stay as they were.
  const bothCloudsRng = root.fork();

  const estate: Estate = {
    seed: options.seed,
    region,
    version: 0,
    inPlaceChanges: [],
    registryImages: [],
    cicdImages: [],
    registryById: new Map(),
    cicdById: new Map(),
    swrRepositories: new Map(),
    acrInstances: [],
    acrRepositories: [],
    internal: { repositories: [], cicdPipelines: [], nextBigId: FIRST_BIG_ID, failedCodeCursor: 0 },
  };

  const plans = planRepositories(repoRng, region, registryCount);
  estate.internal.repositories = plans;

  // Rows per repository: a long-tailed share of the total, at least one each while rows last.
  const weights = plans.map(() => Math.pow(repoRng.next(), 2) + 0.05);
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const quotas = weights.map((w) => Math.floor((w / weightSum) * registryCount));
  let assigned = quotas.reduce((sum, q) => sum + q, 0);
  for (let i = 0; assigned < registryCount; i = (i + 1) % quotas.length, assigned++) {
    quotas[i] = (quotas[i] ?? 0) + 1;
  }

  const rows: RegistryImageRecord[] = [];
  const groups: RegistryImageRecord[][] = [];
  plans.forEach((plan, index) => {
    let quota = quotas[index] ?? 0;
    if (quota === 0) return;
    // Versions of a repository appear over time; the newest is the latest version.
    const start = now - Math.floor(rowRng.next() * HISTORY_MS);
    const span = now - start;
    const times: number[] = [];
    for (let i = 0; i < quota; i++) times.push(start + Math.floor(rowRng.next() * span));
    times.sort((a, b) => a - b);
    let newest: RegistryImageRecord | undefined;
    for (let t = 0; quota > 0; t++) {
      const group = newImageVersion(estate, plan, rowRng, times[t] ?? now, now, quota);
      quota -= group.length;
      groups.push(group);
      for (const row of group) rows.push(row);
      newest = group[0];
    }
    if (newest) newest.latest_version = true;
  });

  // Ids grow with discovery order; the newest tenth carry ids above 2^53, the newest of all the largest Long.
  rows.sort((a, b) => Number(a.latest_sync_time) - Number(b.latest_sync_time));
  const bigFrom = Math.floor(rows.length * 0.9);
  let smallId = 100_000 + rowRng.int(0, 999);
  let bigId = FIRST_BIG_ID;
  rows.forEach((row, index) => {
    if (index === rows.length - 1 && rows.length > 1) {
      row.id = MAX_ID.toString();
    } else if (index >= bigFrom) {
      row.id = bigId.toString();
      // Even steps from an odd start keep every big id odd: none of them survives a trip through a double.
      bigId += BigInt(2 * rowRng.int(1, 500));
    } else {
      row.id = String(smallId);
      smallId += 1 + rowRng.int(0, 2);
    }
  });
  estate.internal.nextBigId = bigId;
  for (const group of groups) linkAssociations(group);
  // Ids were handed out in ascending order, so `rows` is already in id order.
  estate.registryImages = rows;
  for (const row of rows) estate.registryById.set(row.id, row);

  // SWR repository facts for every repository in a basic-edition SWR registry.
  const nsIds = new Map<string, number>();
  const domainId = swrRng.hex(32);
  for (const plan of plans) {
    if (isSwrBasic(plan.registry.registry_type)) {
      estate.swrRepositories.set(plan.key, swrRepositoryFor(plan, swrRng, region, nsIds, domainId));
    }
  }
  for (const row of rows) trackSwrAdd(estate, row);

  // CI/CD images.
  const pipelines = planPipelines(cicdRng, cicdCount);
  estate.internal.cicdPipelines = pipelines;
  const cicdRows: CicdImageRecord[] = [];
  const newestByPipeline = new Map<string, CicdImageRecord>();
  for (let i = 0; i < cicdCount; i++) {
    const plan = pipelines[i % pipelines.length] as CicdPlan;
    const updateTime = now - Math.floor(cicdRng.next() * HISTORY_MS);
    const row = newCicdRow(estate, plan, cicdRng, updateTime, now);
    cicdRows.push(row);
    const newest = newestByPipeline.get(plan.key);
    if (!newest || newest.latest_update_time < row.latest_update_time)
      newestByPipeline.set(plan.key, row);
  }
  for (const row of newestByPipeline.values()) row.latest_version = true;
  // Some pipelines push what they build to a registry: those CI/CD images share their digest
  // (and so their basic image) with a repository image.
  if (rows.length > 0) {
    for (const row of cicdRows) {
      if (pushRng.chance(CICD_PUSHED_SHARE)) row.image_digest = pushRng.pick(rows).image_digest;
    }
  }
  cicdRows.sort((a, b) => (a.image_id < b.image_id ? -1 : a.image_id > b.image_id ? 1 : 0));
  estate.cicdImages = cicdRows;
  for (const row of cicdRows) estate.cicdById.set(row.image_id, row);

  const acr = generateAcr(acrRng, now);
  pushToBothClouds(acr.repositories, rows, bothCloudsRng);
  estate.acrInstances = acr.instances;
  estate.acrRepositories = acr.repositories;
  return estate;
}

// ---------------------------------------------------------------------------------------------
// Basic images: a fixed pool of bases (an OS release and the digest of one build of it) that
// images pick from by their own digest, so the same digest has the same base in both lists and
// in every estate, and popular bases carry many images as in a real registry.

/** Share of image digests for which HSS finds no basic image. */
export const NO_BASIC_IMAGE_SHARE = 0.08;
/** Share of images HSS reports two basic images for (a base built on another base). */
export const TWO_BASIC_IMAGES_SHARE = 0.03;

export interface BasicImagePoolEntry extends BasicImageRecord {
  /** Relative share of images built on this base. */
  weight: number;
}

function buildBasicImagePool(): { entries: BasicImagePoolEntry[]; cumulative: number[] } {
  const rng = createRng(hashSeed('imagewatch basic-image pool'));
  const entries: BasicImagePoolEntry[] = [];
  for (const [osName, osVersion, releaseWeight] of BASE_OS_RELEASES) {
    // Several builds of each release (monthly rebuilds, point releases); the newest few carry
    // most of its images (a Zipf-like tail), and popular releases have more builds.
    const builds = 2 + releaseWeight;
    const tail = Array.from({ length: builds }, (_, index) => 1 / (index + 1) ** 1.8);
    const tailSum = tail.reduce((sum, share) => sum + share, 0);
    for (const share of tail) {
      entries.push({
        os_name: osName,
        os_version: osVersion,
        layer_digest: `sha256:${rng.hex(64)}`,
        weight: (releaseWeight * share) / tailSum,
      });
    }
  }
  let running = 0;
  const cumulative = entries.map((entry) => (running += entry.weight));
  return { entries, cumulative };
}

const BASIC_IMAGE_POOL = buildBasicImagePool();

/** The pool images pick their bases from (for tests and the docs). */
export function basicImagePool(): readonly BasicImagePoolEntry[] {
  return BASIC_IMAGE_POOL.entries;
}

function pickFromPool(roll: number): BasicImageRecord {
  const { entries, cumulative } = BASIC_IMAGE_POOL;
  const target = roll * (cumulative[cumulative.length - 1] ?? 0);
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((cumulative[middle] ?? 0) > target) high = middle;
    else low = middle + 1;
  }
  const { os_name, os_version, layer_digest } = entries[low] as BasicImagePoolEntry;
  return { os_name, os_version, layer_digest };
}

/** ListImageBasicImage's answer for an image: decided by its digest alone. */
export function basicImagesOf(image: { image_digest: string }): BasicImageRecord[] {
  const rng = createRng(hashSeed(image.image_digest));
  if (rng.next() < NO_BASIC_IMAGE_SHARE) return [];
  const base = pickFromPool(rng.next());
  if (!rng.chance(TWO_BASIC_IMAGES_SHARE)) return [base];
  const second = pickFromPool(rng.next());
  return second.layer_digest === base.layer_digest ? [base] : [base, second];
}

// ---------------------------------------------------------------------------------------------
// Drift and direct changes (the server's control API and tests use these)

function insertSorted<T>(list: T[], item: T, compare: (a: T, b: T) => number): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list[mid] as T, item) < 0) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, item);
}

function allocateId(estate: Estate, rng: Rng): string {
  let id = estate.internal.nextBigId;
  if (id >= MAX_ID) id = FIRST_BIG_ID + BigInt(2 * rng.int(0, 1_000_000));
  while (estate.registryById.has(id.toString())) id += 2n;
  estate.internal.nextBigId = id + BigInt(2 * rng.int(1, 500));
  return id.toString();
}

/** Adds `count` new image versions (rows for multi-arch children included) updated and synced at `now`. */
export function addRegistryImages(
  estate: Estate,
  count: number,
  now: number,
  rng: Rng,
): RegistryImageRecord[] {
  const added: RegistryImageRecord[] = [];
  const plans = estate.internal.repositories;
  if (plans.length === 0) return added;
  for (let i = 0; i < count; i++) {
    const plan = rng.pick(plans);
    const group = newImageVersion(estate, plan, rng, now, now, 1);
    for (const row of group) {
      row.id = allocateId(estate, rng);
      row.latest_sync_time = now;
    }
    linkAssociations(group);
    // The new version becomes the repository's latest.
    for (const other of estate.registryImages) {
      if (other.latest_version && other.repository_key === plan.key) other.latest_version = false;
    }
    const head = group[0];
    if (head) head.latest_version = true;
    for (const row of group) {
      insertSorted(estate.registryImages, row, (a, b) => compareIds(a.id, b.id));
      estate.registryById.set(row.id, row);
      trackSwrAdd(estate, row);
      added.push(row);
    }
  }
  return changedRows(estate, added);
}

/** The rows a change added or removed: when there are any, the estate's version moves. */
function changedRows<T>(estate: Estate, rows: T[]): T[] {
  if (rows.length > 0) estate.version++;
  return rows;
}

/** Removes up to `count` single-architecture, non-latest rows (as if their tags were deleted). */
export function removeRegistryImages(
  estate: Estate,
  count: number,
  rng: Rng,
): RegistryImageRecord[] {
  const removed: RegistryImageRecord[] = [];
  const linked = new Set<string>();
  for (const row of estate.registryImages) for (const id of row.association_ids) linked.add(id);
  for (let attempt = 0; removed.length < count && attempt < count * 50; attempt++) {
    const index = Math.floor(rng.next() * estate.registryImages.length);
    const row = estate.registryImages[index];
    if (!row || row.latest_version || row.is_multiple_arch || linked.has(row.id)) continue;
    estate.registryImages.splice(index, 1);
    estate.registryById.delete(row.id);
    trackSwrRemove(estate, row);
    removed.push(row);
  }
  return changedRows(estate, removed);
}

/** Re-scans `count` repository images and `cicdCount` CI/CD images at `now`: new counts, new severity. */
export function rescanImages(
  estate: Estate,
  count: number,
  now: number,
  rng: Rng,
  cicdCount = 0,
): void {
  let changed = false;
  const registryRows: number[] = [];
  const cicdRows: number[] = [];
  for (let i = 0; i < count && estate.registryImages.length > 0; i++) {
    const picked = rng.pick(estate.registryImages);
    // A manifest list is not scanned: the re-scan is of its first per-architecture image.
    const firstMember = picked.association_ids[0];
    const target = firstMember === undefined ? picked : estate.registryById.get(firstMember);
    if (target) {
      Object.assign(target, successfulScan(rng, now));
      registryRows.push(registryPosition(estate, target));
    }
    changed = true;
  }
  for (let i = 0; i < cicdCount && estate.cicdImages.length > 0; i++) {
    const target = rng.pick(estate.cicdImages);
    Object.assign(target, successfulScan(rng, now));
    cicdRows.push(estate.cicdImages.indexOf(target));
    changed = true;
  }
  if (!changed) return;
  estate.version++;
  estate.inPlaceChanges.push({ version: estate.version, registryRows, cicdRows });
  if (estate.inPlaceChanges.length > IN_PLACE_CHANGES_KEPT) estate.inPlaceChanges.shift();
}

/** Where a repository image is in `registryImages` (kept in id order: a binary search). */
function registryPosition(estate: Estate, row: RegistryImageRecord): number {
  const rows = estate.registryImages;
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareIds((rows[middle] as RegistryImageRecord).id, row.id) < 0) low = middle + 1;
    else high = middle;
  }
  return rows[low] === row ? low : rows.indexOf(row);
}

/**
 * Adds CI/CD records that share an image_id, as seed 003 allows (length 0 to 128): two with an
 * empty one and two with one non-empty one, each pair differing in pipeline, tag and digest. They
 * are distinct records (the BFF keeps them apart); returns them.
 */
export function addCicdSharedIdImages(estate: Estate, now: number, rng: Rng): CicdImageRecord[] {
  const pipelines = estate.internal.cicdPipelines;
  if (pipelines.length === 0) return [];
  const sharedId = rng.hex(64);
  const added = ['', '', sharedId, sharedId].map((imageId) => {
    const row = newCicdRow(estate, rng.pick(pipelines), rng, now, now);
    row.image_id = imageId;
    insertSorted(estate.cicdImages, row, (a, b) =>
      a.image_id < b.image_id ? -1 : a.image_id > b.image_id ? 1 : 0,
    );
    return row;
  });
  estate.version++;
  return added;
}

/** Adds `count` CI/CD images built at `now`. */
export function addCicdImages(estate: Estate, count: number, now: number, rng: Rng): void {
  const pipelines = estate.internal.cicdPipelines;
  if (pipelines.length === 0 || count <= 0) return;
  for (let i = 0; i < count; i++) {
    const plan = rng.pick(pipelines);
    const row = newCicdRow(estate, plan, rng, now, now);
    for (const other of estate.cicdImages) {
      if (other.latest_version && other.repository_key === plan.key) other.latest_version = false;
    }
    row.latest_version = true;
    insertSorted(estate.cicdImages, row, (a, b) =>
      a.image_id < b.image_id ? -1 : a.image_id > b.image_id ? 1 : 0,
    );
    estate.cicdById.set(row.image_id, row);
  }
  estate.version++;
}

/**
 * One step of slow change: a few images re-scanned, a few new ones, now and then one removed.
 * Sizes scale gently with the estate so that a sync cycle finds a handful, not thousands.
 */
export function applyDrift(estate: Estate, now: number, rng: Rng): void {
  const scale = Math.max(1, Math.round(estate.registryImages.length / 10_000));
  rescanImages(estate, rng.int(1, 3) * scale, now, rng, rng.int(0, 2));
  addRegistryImages(estate, rng.int(1, 2) * scale, now, rng);
  if (rng.chance(0.6)) addCicdImages(estate, 1, now, rng);
  if (rng.chance(0.2)) removeRegistryImages(estate, 1, rng);
}
