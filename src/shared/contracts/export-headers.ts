// The header row of every CSV export, per language: the one home of the column titles, read by
// the BFF (image-list exports, `lang=`) and the browser (ACR tag export). The English titles are
// the files' default header, unchanged since the first export; the Chinese ones use the vendors'
// own Chinese field names (docs/glossary.md, "CSV column titles"). Only the header follows the
// language: the rows are data and stay byte for byte the same in every language.
/** The languages a header row can be written in (the app's languages, src/i18n/languages.ts). */
export const EXPORT_LANGUAGES = ['en', 'zh-CN'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];
export const DEFAULT_EXPORT_LANGUAGE: ExportLanguage = 'en';

export type ColumnTitles = Readonly<Record<ExportLanguage, string>>;

/** The title of each image-list export column (repository and CI/CD images share the fields). */
export const IMAGE_EXPORT_HEADERS = {
  namespace: { en: 'Namespace', 'zh-CN': '组织' },
  image_name: { en: 'Image name', 'zh-CN': '镜像名称' },
  image_version: { en: 'Image version (tag)', 'zh-CN': '镜像版本' },
  image_type: { en: 'Image type', 'zh-CN': '镜像类型' },
  cicd_name: { en: 'CI/CD name', 'zh-CN': 'CI/CD名称' },
  pipeline_type: { en: 'Pipeline type', 'zh-CN': '流水线类型' },
  scan_status: { en: 'Scan status', 'zh-CN': '扫描状态' },
  severity_level: { en: 'Severity', 'zh-CN': '风险等级' },
  vul_num: { en: 'Vulnerabilities', 'zh-CN': '漏洞个数' },
  malicious_file_num: { en: 'Malicious files', 'zh-CN': '恶意文件个数' },
  unsafe_setting_num: { en: 'Baseline risks', 'zh-CN': '基线检查未通过数' },
  multi_arch: { en: 'Multi-architecture family', 'zh-CN': '多架构镜像族' },
  rollup_severity_level: { en: 'Roll-up severity (multi-arch)', 'zh-CN': '汇总风险等级（多架构）' },
  rollup_vul_num: { en: 'Roll-up vulnerabilities (multi-arch)', 'zh-CN': '汇总漏洞个数（多架构）' },
  rollup_malicious_file_num: {
    en: 'Roll-up malicious files (multi-arch)',
    'zh-CN': '汇总恶意文件个数（多架构）',
  },
  rollup_unsafe_setting_num: {
    en: 'Roll-up baseline risks (multi-arch)',
    'zh-CN': '汇总基线检查未通过数（多架构）',
  },
  image_size: { en: 'Image size (bytes)', 'zh-CN': '镜像大小（字节）' },
  latest_scan_time: { en: 'Last scan (UTC)', 'zh-CN': '最近扫描时间（UTC）' },
  latest_update_time: { en: 'Last update (UTC)', 'zh-CN': '最后更新时间（UTC）' },
  latest_sync_time: { en: 'Last sync (UTC)', 'zh-CN': '最近同步时间（UTC）' },
  latest_version: { en: 'Latest version', 'zh-CN': '是否最新版本' },
  registry_name: { en: 'Registry name', 'zh-CN': '镜像仓库名称' },
  registry_type: { en: 'Registry type', 'zh-CN': '镜像仓库类型' },
  registry_id: { en: 'Registry ID', 'zh-CN': '镜像仓库ID' },
  instance_name: { en: 'Instance name', 'zh-CN': '实例名称' },
  instance_id: { en: 'Instance ID', 'zh-CN': '实例ID' },
  instance_url: { en: 'Instance URL', 'zh-CN': '实例URL' },
  domain_name: { en: 'Domain name', 'zh-CN': '共享镜像所属账号' },
  shared_status: { en: 'Shared status', 'zh-CN': '共享镜像状态' },
  scannable: { en: 'Scannable', 'zh-CN': '是否可扫描' },
  is_multiple_arch: { en: 'Multi-architecture', 'zh-CN': '是否多架构镜像' },
  scan_failed_code: { en: 'Scan failure code', 'zh-CN': '扫描失败原因代码' },
  scan_failed_desc: { en: 'Scan failure reason', 'zh-CN': '扫描失败原因描述' },
  id: { en: 'Record ID', 'zh-CN': '记录ID' },
  image_id: { en: 'Image ID', 'zh-CN': '镜像ID' },
  image_digest: { en: 'Image digest', 'zh-CN': '镜像摘要' },
  association_images: { en: 'Associated images', 'zh-CN': '关联镜像' },
  // The enrichment's basic image of the image's digest (issue 22): "Debian 11" and its layer digest.
  basic_image: { en: 'Base image', 'zh-CN': '基础镜像' },
  basic_image_digest: { en: 'Base image layer digest', 'zh-CN': '基础镜像层摘要' },
} as const satisfies Record<string, ColumnTitles>;
export type ImageExportColumnKey = keyof typeof IMAGE_EXPORT_HEADERS;

/** The title of each ACR tag export column (src/features/acr/api/export-acr-tags.ts). */
export const ACR_TAG_EXPORT_HEADERS = {
  namespace: { en: 'Namespace', 'zh-CN': '命名空间' },
  repository: { en: 'Repository', 'zh-CN': '仓库名称' },
  tag: { en: 'Tag', 'zh-CN': '镜像版本' },
  digest: { en: 'Digest', 'zh-CN': '摘要' },
  image_id: IMAGE_EXPORT_HEADERS.image_id,
  status: { en: 'Status', 'zh-CN': '状态' },
  size: { en: 'Size (bytes)', 'zh-CN': '镜像大小（字节）' },
  created: { en: 'Created (UTC)', 'zh-CN': '创建时间（UTC）' },
  updated: { en: 'Updated (UTC)', 'zh-CN': '更新时间（UTC）' },
  repo_id: { en: 'Repository ID', 'zh-CN': '仓库ID' },
  instance_id: IMAGE_EXPORT_HEADERS.instance_id,
} as const satisfies Record<string, ColumnTitles>;
export type AcrTagExportColumnKey = keyof typeof ACR_TAG_EXPORT_HEADERS;
