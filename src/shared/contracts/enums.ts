// Enumerations documented by the vendors (docs/upstream.md). One home for each list and its wording.

/**
 * An enumeration written once, as the wording of each value: its values (in the order written, a
 * non-empty tuple as zod's enums want) and its labels.
 */
export function labelledEnum<const Value extends string>(labels: Record<Value, string>) {
  return { values: Object.keys(labels) as [Value, ...Value[]], labels };
}

/** An enumeration's values but the excluded ones, in their order. */
function valuesWithout<const Value extends string, const Excluded extends Value>(
  values: readonly Value[],
  excluded: readonly Excluded[],
) {
  return values.filter((value) => !isOneOf(excluded, value)) as [
    Exclude<Value, Excluded>,
    ...Exclude<Value, Excluded>[],
  ];
}

/** Whether a string (from the upstream or the URL) is one of an enumeration's values. */
export function isOneOf<Value extends string>(
  values: readonly Value[],
  value: string,
): value is Value {
  return (values as readonly string[]).includes(value);
}

/** `image_type` of repository images (ListRegistryImages). */
export const { values: REGISTRY_IMAGE_TYPES, labels: REGISTRY_IMAGE_TYPE_LABELS } = labelledEnum({
  private_image: 'Private',
  shared_image: 'Shared',
  instance_image: 'Enterprise',
  harbor: 'Harbor',
  jfrog: 'JFrog',
});
export type RegistryImageType = (typeof REGISTRY_IMAGE_TYPES)[number];

/** `image_type` accepted by ListImageBasicImage (no jfrog; cicd added). */
export const BASIC_IMAGE_TYPES = [
  'private_image',
  'shared_image',
  'instance_image',
  'cicd',
  'harbor',
] as const;
export type BasicImageType = (typeof BASIC_IMAGE_TYPES)[number];

/** `scan_status` as returned: the filter values plus two failure states. */
export const { values: SCAN_STATUSES, labels: SCAN_STATUS_LABELS } = labelledEnum({
  unscan: 'Not scanned',
  success: 'Scanned',
  scanning: 'Scanning',
  failed: 'Scan failed',
  download_failed: 'Download failed',
  image_oversized: 'Image too large',
  waiting_for_scan: 'Waiting for scan',
});
export type ScanStatus = (typeof SCAN_STATUSES)[number];

/** `scan_status` accepted as a query filter: every status but the two failure states. */
export const SCAN_STATUS_FILTERS = valuesWithout(SCAN_STATUSES, [
  'download_failed',
  'image_oversized',
]);

export const { values: SEVERITY_LEVELS, labels: SEVERITY_LABELS } = labelledEnum({
  Security: 'Secure',
  Low: 'Low risk',
  Medium: 'Medium risk',
  High: 'High risk',
});
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

/** `unrated` (an extension): an image without a severity level (never scanned, or the scan failed). */
export const UNRATED_LABEL = 'Not rated';
/** Severity labels with `unrated`, as the filters, charts and badges show them. */
export const SEVERITY_LABELS_WITH_UNRATED: Readonly<Record<SeverityLevel | 'unrated', string>> = {
  ...SEVERITY_LABELS,
  unrated: UNRATED_LABEL,
};

export const REGISTRY_TYPES = [
  'SwrPrivate',
  'SwrShared',
  'SwrEnterprise',
  'Harbor',
  'Jfrog',
  'Other',
] as const;
export type RegistryType = (typeof REGISTRY_TYPES)[number];

export const SHARED_STATUSES = ['expired', 'effective'] as const;
export type SharedStatus = (typeof SHARED_STATUSES)[number];

export const SORT_DIRS = ['asc', 'desc'] as const;
export type SortDir = (typeof SORT_DIRS)[number];

/** `pipeline_type` of CI/CD images (from the HSS SDK models; not on the vendor page). */
export const { values: PIPELINE_TYPES, labels: PIPELINE_TYPE_LABELS } = labelledEnum({
  jenkins: 'Jenkins',
  codearts: 'CodeArts',
});

/** The only `sort_key` the HSS list APIs document. */
export const UPSTREAM_SORT_KEYS = ['latest_scan_time'] as const;

/** Where a scan is retried: Imagewatch reads scan results and cannot start a scan itself. */
const RETRY_SCAN_WHERE =
  "in the HSS console (Container Images, the image's Scan action; Imagewatch only reads results)";

/** A failure whose remedy is to scan again (`later`: once the vendor's side has recovered). */
const retryScan = (meaning: string, { later = false } = {}) => ({
  meaning,
  advice: `Retry the scan ${later ? 'later ' : ''}${RETRY_SCAN_WHERE}.`,
});

/**
 * `scan_failed_code` values with the vendor's own meaning and what to do about it
 * (ListRegistryImages, "scan_failed_code"). Used by badges, the detail view and the simulator.
 */
export const SCAN_FAILED_CODES = {
  unknown_error: {
    meaning: 'Unknown error.',
    advice: `Retry the scan ${RETRY_SCAN_WHERE}; contact support if it fails again.`,
  },
  authentication_failed: {
    meaning: 'Authentication failed.',
    advice: 'Check the registry credentials HSS uses for this repository.',
  },
  download_failed: {
    meaning: 'The image download failed.',
    advice: 'Contact technical support.',
  },
  image_over_sized: {
    meaning: 'The image is too large and cannot be scanned.',
    advice: 'Reduce the image size.',
  },
  get_detail_info_not_found: {
    meaning: 'Image details failed to be obtained. The image is not found in the repository.',
    advice: 'Synchronize the latest images.',
  },
  image_layer_over_sized: {
    meaning: 'The image has too many layers and cannot be scanned.',
    advice: 'Reduce the image size.',
  },
  schema_v1_not_support: {
    meaning: 'Schema V1 images cannot be scanned.',
    advice: 'Upgrade the image manifest to V2.',
  },
  access_swr_failed: { meaning: 'Failed to access SWR.', advice: 'Contact technical support.' },
  swr_authentication_error: {
    meaning: 'The SWR authorization is missing.',
    advice: 'Follow the image authorization guide to configure permissions.',
  },
  failed_to_scan_vulnerability: retryScan('The vulnerability scan failed.'),
  failed_to_scan_file: retryScan('The file scan failed.'),
  failed_to_scan_software: retryScan('The software scan failed.'),
  failed_to_check_sensitive_information: retryScan('Failed to check sensitive information.'),
  failed_to_check_baseline: retryScan('Baseline check failed.'),
  failed_to_check_software_compliance: retryScan('The software compliance check failed.'),
  failed_to_query_basic_image_information: retryScan(
    'Failed to query the basic image information.',
  ),
  failed_to_check_build_cmd: retryScan('Failed to scan the image building instructions.'),
  response_timed_out: retryScan('The response timed out.', { later: true }),
  database_error: {
    meaning: 'Database error.',
    advice: 'Retry later; contact support if it persists.',
  },
  failed_to_send_the_scan_request: retryScan('Failed to send the scan request.'),
} as const satisfies Record<string, { meaning: string; advice: string }>;
export type ScanFailedCode = keyof typeof SCAN_FAILED_CODES;
export const SCAN_FAILED_CODE_LIST = Object.keys(SCAN_FAILED_CODES) as ScanFailedCode[];

/** Codes the CI/CD page documents (no schema_v1_not_support, access_swr_failed, swr_authentication_error, failed_to_check_build_cmd). */
export const CICD_SCAN_FAILED_CODES = SCAN_FAILED_CODE_LIST.filter(
  (code) =>
    ![
      'schema_v1_not_support',
      'access_swr_failed',
      'swr_authentication_error',
      'failed_to_check_build_cmd',
    ].includes(code),
);

/** SWR repository `category`. */
export const SWR_CATEGORIES = [
  'app_server',
  'linux',
  'framework_app',
  'database',
  'lang',
  'arm',
  'other',
] as const;

/**
 * Severity levels from the worst down: the order of lists sorted by severity descending (the
 * inventory's SEVERITY_RANK), of menus and wherever levels are listed. Images without a level
 * (`unrated`) come after Security.
 */
export const SEVERITY_LEVELS_BY_RANK = [
  'High',
  'Medium',
  'Low',
  'Security',
] as const satisfies readonly SeverityLevel[];

/**
 * Scan statuses in the order of a scan's life, then the failures: the order of lists sorted by
 * scan status ascending (the inventory's SCAN_STATUS_RANK) and of menus.
 */
export const SCAN_STATUSES_IN_ORDER = [
  'unscan',
  'waiting_for_scan',
  'scanning',
  'success',
  'failed',
  'download_failed',
  'image_oversized',
] as const satisfies readonly ScanStatus[];
