// The base-images answer's facts that need no schema (facts.ts): sort keys, limits, the
// answer's shape and the CSV columns. The end-of-life statuses are in base-images-facts.ts.
import type { BaseImageEolStatus } from './base-images-facts';
import type { ColumnTitles } from './export-headers';

/** Every column of a base-images row can order the answer. */
export const BASE_IMAGES_SORT_KEYS = [
  'high_risk_images',
  'images',
  'registry_images',
  'cicd_images',
  'namespaces',
  'vul_num',
  'os_name',
  'os_version',
  'layer_digest',
  'eol',
  'eol_date',
  'newest_scan_time',
  'oldest_scan_time',
] as const;
export type BaseImagesSortKey = (typeof BASE_IMAGES_SORT_KEYS)[number];
/** "Fix first": the bases that carry the most high-risk images come first. */
export const BASE_IMAGES_DEFAULT_SORT: BaseImagesSortKey = 'high_risk_images';

export const BASE_IMAGES_LIMIT = { min: 1, max: 200, default: 20 } as const;
export const BASE_IMAGES_OFFSET_MAX = 1_000_000;
/** Length of the os_name, os_version and layer_digest filters. */
export const BASE_IMAGE_FILTER_LENGTH = { min: 1, max: 256 } as const;

/** One basic image (OS, OS version, layer digest) and the inventory's images built on it. */
export interface BaseImageRow {
  os_name: string;
  os_version: string;
  layer_digest: string;
  /** Repository images (rows of the repository list) whose digest has this basic image. */
  registry_images: number;
  /** CI/CD images whose digest has this basic image. */
  cicd_images: number;
  /** registry_images + cicd_images. */
  images: number;
  /** Distinct namespaces of those images (both lists). */
  namespaces: number;
  /** Of those images, how many are high risk (the risk summary's definition: severity High). */
  high_risk_images: number;
  /** The vulnerabilities of those images, summed (HSS counts them per image, not per layer). */
  vul_num: number;
  eol: BaseImageEolStatus;
  /** The OS version's end of life, YYYY-MM-DD; null when unknown. */
  eol_date: string | null;
  /** Epoch ms of the newest and oldest scan among those images; null when none was scanned. */
  newest_scan_time: number | null;
  oldest_scan_time: number | null;
}

/** How far the background look-up of basic images (ListImageBasicImage) has got. */
export interface BaseImagesEnrichment {
  /** BASIC_IMAGE_ENRICH: false when the look-up is turned off. */
  enabled: boolean;
  /** Distinct image digests of the inventory with an answer (a basic image, or none found). */
  known: number;
  /** Distinct image digests of the inventory (both lists). */
  total: number;
  /** Of the known ones, those HSS found no basic image for. */
  none: number;
  /** ListImageBasicImage calls the look-up has made (this process, since start). */
  calls: number;
  /** Time left at the current budget (ms); 0 when done, null when off. */
  eta_ms: number | null;
}

export interface BaseImagesPage {
  total_num: number;
  enrichment: BaseImagesEnrichment;
  /**
   * The overview card: images (both lists, each once, whatever the filters) on a basic image whose
   * OS version is past end of life; the lists' total_num under basic_image_eol=true.
   */
  eol_images: number;
  data_list: BaseImageRow[];
}

/** The export's columns, default order, with the header title per language (`lang=`). */
export const BASE_IMAGES_EXPORT_COLUMNS = [
  { key: 'os_name', titles: { en: 'OS', 'zh-CN': '操作系统' } },
  { key: 'os_version', titles: { en: 'OS version', 'zh-CN': '操作系统版本' } },
  { key: 'layer_digest', titles: { en: 'Layer digest', 'zh-CN': '层摘要' } },
  { key: 'images', titles: { en: 'Images', 'zh-CN': '镜像数' } },
  { key: 'registry_images', titles: { en: 'Repository images', 'zh-CN': '仓库镜像数' } },
  { key: 'cicd_images', titles: { en: 'CI/CD images', 'zh-CN': 'CI/CD镜像数' } },
  { key: 'namespaces', titles: { en: 'Namespaces', 'zh-CN': '组织数' } },
  { key: 'high_risk_images', titles: { en: 'High-risk images', 'zh-CN': '高危镜像数' } },
  { key: 'vul_num', titles: { en: 'Vulnerabilities', 'zh-CN': '漏洞个数' } },
  { key: 'eol', titles: { en: 'End of life', 'zh-CN': '生命周期状态' } },
  { key: 'eol_date', titles: { en: 'End-of-life date', 'zh-CN': '生命周期结束日期' } },
  { key: 'newest_scan_time', titles: { en: 'Newest scan (UTC)', 'zh-CN': '最新扫描时间（UTC）' } },
  { key: 'oldest_scan_time', titles: { en: 'Oldest scan (UTC)', 'zh-CN': '最早扫描时间（UTC）' } },
] as const satisfies readonly { key: keyof BaseImageRow; titles: ColumnTitles }[];

/**
 * The image lists' base-image extensions (both lists): the images whose digest's basic image has
 * this OS, OS version, layer digest, or (`basic_image_eol=true`) an OS version past end of life.
 */
export const BASIC_IMAGE_LIST_FILTERS = [
  'basic_image_os',
  'basic_image_os_version',
  'basic_image_digest',
  'basic_image_eol',
] as const;
