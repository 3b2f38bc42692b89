// The filter controls of the image lists (each list picks its own in lists/*.ts), derived from
// the contracts: which parameters exist, their value lists and their length and size limits all
// come from the contracts' facts (the schemas are built from the same), never from copies here.
import { withinParam } from '../../lib/relative-range';
import {
  IMAGE_SIZE_MAX,
  IMAGE_TEXT_PARAM_LENGTHS,
  LIST_SEARCH_LENGTH,
  NAMESPACES_MAX,
  SCAN_STATUS_LABELS,
  SCAN_STATUSES_IN_ORDER,
  SEVERITY_LABELS_WITH_UNRATED,
  SEVERITY_LEVELS_BY_RANK,
} from '../../shared/contracts/facts';

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

/** An image list's text parameter: its length range is a contracts fact. */
export type TextParam = keyof typeof IMAGE_TEXT_PARAM_LENGTHS;

const TIME_LABELS: Record<string, string> = {
  latest_update_time: 'Last update',
  latest_scan_time: 'Last scan',
  latest_sync_time: 'Last sync',
};

function text(param: TextParam, label: string): TextFilter {
  return { kind: 'text', param, label, maxLength: IMAGE_TEXT_PARAM_LENGTHS[param].max };
}

/** Text filters, param → label, in this order; each one's maximum length from the contracts. */
export function textFilters(labels: Readonly<Partial<Record<TextParam, string>>>): TextFilter[] {
  return (Object.entries(labels) as [TextParam, string][]).map(([param, label]) =>
    text(param, label),
  );
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
  labels: SEVERITY_LABELS_WITH_UNRATED,
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
export function namespaceFilters(): FilterDefinition[] {
  return [
    {
      kind: 'pick',
      param: 'namespaces',
      label: 'Namespace',
      facet: 'namespace',
      suggestParam: 'namespace',
      maxValues: NAMESPACES_MAX,
    },
    { ...text('namespace', 'Namespace contains'), chipOnly: true },
  ];
}

/** The filters every image list has, in the bar's order, then the list's own yes/no filters. */
export function commonFilters(...ownBooleans: BooleanFilter[]): FilterDefinition[] {
  return [scanStatusFilter, severityFilter, ...COMMON_BOOLEANS, ...ownBooleans];
}

/** The list's time ranges (contracts *_TIME_RANGES), then the image size range. */
export function rangeFilters(timeRanges: readonly string[]): FilterDefinition[] {
  return [
    ...timeRanges.map((name): TimeRangeFilter => ({
      kind: 'time',
      name,
      label: TIME_LABELS[name] ?? name,
    })),
    sizeFilter,
  ];
}

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
export function searchMaxLength(): number {
  return LIST_SEARCH_LENGTH.max;
}

/** Each filter parameter's name on screen (its control's label), for notices about them. */
export function filterParamLabels(filters: readonly FilterDefinition[]): Record<string, string> {
  const labels: Record<string, string> = { [SEARCH_PARAM]: 'Search' };
  for (const filter of filters) {
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
