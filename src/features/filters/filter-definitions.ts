// The filter controls of each image list, derived from the contracts: which parameters exist, their
// value lists and their length and size limits all come from the schemas, never from copies here.
import type { z } from 'zod';
import { withinParam } from '../../lib/relative-range';
import {
  CICD_TIME_RANGES,
  CicdImagesListQuerySchema,
  IMAGE_SIZE_MAX,
  PIPELINE_TYPES,
  REGISTRY_IMAGE_TYPE_LABELS,
  REGISTRY_IMAGE_TYPES,
  REGISTRY_TIME_RANGES,
  NAMESPACES_MAX,
  RegistryImagesListQuerySchema,
  SCAN_STATUS_LABELS,
  SCAN_STATUSES_IN_ORDER,
  SEVERITY_LABELS,
  SEVERITY_LEVELS_BY_RANK,
} from '../../shared/contracts';

export interface TextFilter {
  kind: 'text';
  param: string;
  label: string;
  maxLength: number;
  /** No control of its own (a link may still carry it): shown as a chip only. */
  chipOnly?: boolean;
}

/**
 * Exact values to pick, several at once, offered from a facet (values with their counts) and
 * narrowed by typing: the typed text goes to the facets as `suggestParam` (the field's substring).
 */
export interface PickFilter {
  kind: 'pick';
  param: string;
  label: string;
  /** The facet whose buckets are offered. */
  facet: string;
  suggestParam: string;
  maxValues: number;
}

export interface EnumFilter {
  kind: 'enum';
  param: string;
  label: string;
  values: readonly string[];
  labels: Readonly<Record<string, string>>;
  /** The BFF accepts several comma-separated values for this parameter. */
  multiple: boolean;
}

export interface BooleanFilter {
  kind: 'boolean';
  param: string;
  label: string;
  /** The chip's text for true and false: "Has vulnerabilities" / "No vulnerabilities". */
  yes: string;
  no: string;
  /** `false` does not filter (latest_version): offer only "any" and "yes". */
  onlyTrue?: boolean;
}

export interface TimeRangeFilter {
  kind: 'time';
  /** `latest_scan_time`: the parameters are start_<name> and end_<name>. */
  name: string;
  label: string;
}

export interface SizeRangeFilter {
  kind: 'size';
  /** image_size is the lower bound (upstream), max_image_size the upper one (extension). */
  minParam: 'image_size';
  maxParam: 'max_image_size';
  label: string;
  max: number;
}

export type FilterDefinition =
  TextFilter | PickFilter | EnumFilter | BooleanFilter | TimeRangeFilter | SizeRangeFilter;

export type ImageListKind = 'registry' | 'cicd';

type ListShape = Record<string, z.ZodType>;

/** The maximum length a text parameter's schema allows (textParam = z.string().max(n)). */
function maxLengthOf(shape: ListShape, param: string): number {
  let schema: unknown = shape[param];
  // Unwrap `.optional()` down to the string schema.
  while (schema && typeof schema === 'object' && 'unwrap' in schema) {
    schema = (schema as { unwrap: () => unknown }).unwrap();
  }
  const max = (schema as { maxLength?: number | null } | undefined)?.maxLength;
  if (typeof max !== 'number') throw new Error(`${param} has no maximum length in the contracts`);
  return max;
}

const TIME_LABELS: Record<string, string> = {
  latest_update_time: 'Last update',
  latest_scan_time: 'Last scan',
  latest_sync_time: 'Last sync',
};

const SEVERITY_FILTER_LABELS: Record<string, string> = { ...SEVERITY_LABELS, unrated: 'Not rated' };
const PIPELINE_LABELS: Record<string, string> = { jenkins: 'Jenkins', codearts: 'CodeArts' };

function text(shape: ListShape, param: string, label: string): TextFilter {
  return { kind: 'text', param, label, maxLength: maxLengthOf(shape, param) };
}

const COMMON_BOOLEANS: BooleanFilter[] = [
  {
    kind: 'boolean',
    param: 'latest_version',
    label: 'Latest version only',
    yes: 'Latest versions only',
    no: '',
    onlyTrue: true,
  },
  {
    kind: 'boolean',
    param: 'has_vul',
    label: 'Vulnerabilities',
    yes: 'Has vulnerabilities',
    no: 'No vulnerabilities',
  },
  {
    kind: 'boolean',
    param: 'has_malicious_file',
    label: 'Malicious files',
    yes: 'Has malicious files',
    no: 'No malicious files',
  },
  {
    kind: 'boolean',
    param: 'has_unsafe_setting',
    label: 'Baseline risks',
    yes: 'Has baseline risks',
    no: 'No baseline risks',
  },
  { kind: 'boolean', param: 'risky', label: 'Risky', yes: 'Risky', no: 'Not risky' },
];

const scanStatusFilter: EnumFilter = {
  kind: 'enum',
  param: 'scan_status',
  label: 'Scan status',
  values: SCAN_STATUSES_IN_ORDER,
  labels: SCAN_STATUS_LABELS,
  multiple: true,
};

const severityFilter: EnumFilter = {
  kind: 'enum',
  param: 'severity_level',
  label: 'Severity',
  // Worst first, as the list sorted by severity descending.
  values: [...SEVERITY_LEVELS_BY_RANK, 'unrated'],
  labels: SEVERITY_FILTER_LABELS,
  multiple: true,
};

const sizeFilter: SizeRangeFilter = {
  kind: 'size',
  minParam: 'image_size',
  maxParam: 'max_image_size',
  label: 'Image size',
  max: IMAGE_SIZE_MAX,
};

/**
 * Namespaces are picked exactly (`namespaces`, an extension); the upstream's substring
 * `namespace` has no control (free text goes to the search) but a link may carry it.
 */
function namespaceFilters(shape: ListShape): FilterDefinition[] {
  return [
    {
      kind: 'pick',
      param: 'namespaces',
      label: 'Namespace',
      facet: 'namespace',
      suggestParam: 'namespace',
      maxValues: NAMESPACES_MAX,
    },
    { ...text(shape, 'namespace', 'Namespace contains'), chipOnly: true },
  ];
}

function registryFilters(): FilterDefinition[] {
  const shape = RegistryImagesListQuerySchema.shape as ListShape;
  return [
    ...namespaceFilters(shape),
    text(shape, 'image_name', 'Image name'),
    text(shape, 'image_version', 'Tag'),
    text(shape, 'registry_name', 'Registry name'),
    text(shape, 'instance_name', 'Enterprise instance name'),
    text(shape, 'instance_id', 'Enterprise instance id'),
    {
      kind: 'enum',
      param: 'image_type',
      label: 'Image type',
      values: REGISTRY_IMAGE_TYPES,
      labels: REGISTRY_IMAGE_TYPE_LABELS,
      multiple: true,
    },
    scanStatusFilter,
    severityFilter,
    ...COMMON_BOOLEANS,
    {
      kind: 'boolean',
      param: 'is_multarch',
      label: 'Multi-architecture',
      yes: 'Multi-architecture',
      no: 'Single architecture',
    },
    ...REGISTRY_TIME_RANGES.map((name): TimeRangeFilter => ({
      kind: 'time',
      name,
      label: TIME_LABELS[name] ?? name,
    })),
    sizeFilter,
  ];
}

function cicdFilters(): FilterDefinition[] {
  const shape = CicdImagesListQuerySchema.shape as ListShape;
  return [
    ...namespaceFilters(shape),
    text(shape, 'image_name', 'Image name'),
    text(shape, 'image_version', 'Tag'),
    text(shape, 'cicd_name', 'CI/CD name'),
    text(shape, 'image_id', 'Image id'),
    {
      kind: 'enum',
      param: 'pipeline_type',
      label: 'Pipeline',
      values: PIPELINE_TYPES,
      labels: PIPELINE_LABELS,
      // The BFF takes one pipeline type (the SDK's own parameter, not extended).
      multiple: false,
    },
    scanStatusFilter,
    severityFilter,
    ...COMMON_BOOLEANS,
    ...CICD_TIME_RANGES.map((name): TimeRangeFilter => ({
      kind: 'time',
      name,
      label: TIME_LABELS[name] ?? name,
    })),
    sizeFilter,
  ];
}

export const FILTERS: Record<ImageListKind, readonly FilterDefinition[]> = {
  registry: registryFilters(),
  cicd: cicdFilters(),
};

/** The URL parameters a filter writes (a time filter's relative range: lib/relative-range.ts). */
export function filterParams(filter: FilterDefinition): string[] {
  switch (filter.kind) {
    case 'time':
      return [`start_${filter.name}`, `end_${filter.name}`, withinParam(filter.name)];
    case 'size':
      return [filter.minParam, filter.maxParam];
    default:
      return [filter.param];
  }
}

/** The free-text search parameter (q, an extension): name, namespace, tag and digest. */
export const SEARCH_PARAM = 'q';
export function searchMaxLength(kind: ImageListKind): number {
  const shape = (
    kind === 'registry' ? RegistryImagesListQuerySchema.shape : CicdImagesListQuerySchema.shape
  ) as ListShape;
  return maxLengthOf(shape, SEARCH_PARAM);
}

/** Each filter parameter's name on screen (its control's label), for notices about them. */
export function filterParamLabels(kind: ImageListKind): Record<string, string> {
  const labels: Record<string, string> = { [SEARCH_PARAM]: 'Search' };
  for (const filter of FILTERS[kind]) {
    switch (filter.kind) {
      case 'time':
        labels[`start_${filter.name}`] = `${filter.label} from`;
        labels[`end_${filter.name}`] = `${filter.label} to`;
        labels[withinParam(filter.name)] = filter.label;
        break;
      case 'size':
        labels[filter.minParam] = `${filter.label} at least`;
        labels[filter.maxParam] = `${filter.label} at most`;
        break;
      default:
        labels[filter.param] = filter.label;
    }
  }
  return labels;
}
