// The filter controls of the image lists (each list picks its own in lists/*.ts), derived from
// the contracts: which parameters exist, their value lists and their length and size limits all
// come from the contracts' facts (the schemas are built from the same), never from copies here.
// Every label is a key of the `lists` catalogue
// (`filters.<param>`), translated where it is shown, so a filter stays configuration.
import type { Translate } from '../../i18n/i18n';
import type { EnumGroup } from '../../i18n/enum-labels';
import { withinParam } from '../../lib/relative-range';
import {
  BASE_IMAGE_FILTER_LENGTH,
  IMAGE_SIZE_MAX,
  IMAGE_TEXT_PARAM_LENGTHS,
  LIST_SEARCH_LENGTH,
  NAMESPACES_MAX,
  SCAN_STATUSES_IN_ORDER,
  SEVERITY_LEVELS_BY_RANK,
} from '../../shared/contracts/facts';

/** A filter parameter's name on screen: its key in the `lists` catalogue. */
function labelOf(param: string): string {
  return `filters.${param}`;
}

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
  /** The `enums` catalogue group that names each value (src/i18n/enum-labels.ts). */
  group: EnumGroup;
  /** The BFF accepts several comma-separated values for this parameter. */
  multiple: boolean;
}

export interface BooleanFilter {
  kind: 'boolean';
  param: string;
  label: string;
  /** The chip's text for true and false (keys): "Has vulnerabilities" / "No vulnerabilities". */
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

function text(param: TextParam): TextFilter {
  return {
    kind: 'text',
    param,
    label: labelOf(param),
    maxLength: IMAGE_TEXT_PARAM_LENGTHS[param].max,
  };
}

/** Text filters, in this order; each one's maximum length from the contracts. */
export function textFilters(params: readonly TextParam[]): TextFilter[] {
  return params.map((param) => text(param));
}

/** A yes/no filter: its label and its chip's words for true and false, all catalogue keys. */
export function booleanFilter(param: string, options: { onlyTrue?: true } = {}): BooleanFilter {
  return {
    kind: 'boolean',
    param,
    label: labelOf(param),
    yes: `booleans.${param}.yes`,
    no: `booleans.${param}.no`,
    ...options,
  };
}

/** A filter of enum values, each named by the `enums` catalogue's `group`. */
export function enumFilter(
  param: string,
  group: EnumGroup,
  values: readonly string[],
  multiple: boolean,
): EnumFilter {
  return { kind: 'enum', param, label: labelOf(param), values, group, multiple };
}

// `latest_version=false` does not filter upstream: offer only "any" and "yes".
const COMMON_BOOLEANS: BooleanFilter[] = [
  booleanFilter('latest_version', { onlyTrue: true }),
  booleanFilter('has_vul'),
  booleanFilter('has_malicious_file'),
  booleanFilter('has_unsafe_setting'),
  booleanFilter('risky'),
];

const scanStatusFilter = enumFilter('scan_status', 'scanStatus', SCAN_STATUSES_IN_ORDER, true);

// Worst first, as the list sorted by severity descending.
const severityFilter = enumFilter(
  'severity_level',
  'severity',
  [...SEVERITY_LEVELS_BY_RANK, 'unrated'],
  true,
);

const sizeFilter: SizeRangeFilter = {
  kind: 'size',
  minParam: 'image_size',
  maxParam: 'max_image_size',
  label: labelOf('image_size'),
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
      label: labelOf('namespaces'),
      facet: 'namespace',
      suggestParam: 'namespace',
      maxValues: NAMESPACES_MAX,
    },
    { ...text('namespace'), chipOnly: true },
  ];
}

/** The filters every image list has, in the bar's order, then the list's own yes/no filters. */
export function commonFilters(...ownBooleans: BooleanFilter[]): FilterDefinition[] {
  return [scanStatusFilter, severityFilter, ...COMMON_BOOLEANS, ...ownBooleans];
}

function basicImageText(param: string, options: { chipOnly?: true } = {}): TextFilter {
  return {
    kind: 'text',
    param,
    label: labelOf(param),
    maxLength: BASE_IMAGE_FILTER_LENGTH.max,
    ...options,
  };
}

/**
 * The images on a basic image (extensions of both lists, from the base-images page): OS and
 * version typed exactly, end of life yes/any; the layer digest comes only with a link, as a chip.
 */
export function basicImageFilters(): FilterDefinition[] {
  return [
    basicImageText('basic_image_os'),
    basicImageText('basic_image_os_version'),
    basicImageText('basic_image_digest', { chipOnly: true }),
    booleanFilter('basic_image_eol', { onlyTrue: true }),
  ];
}

/** The list's time ranges (contracts *_TIME_RANGES), then the image size range. */
export function rangeFilters(timeRanges: readonly string[]): FilterDefinition[] {
  return [
    ...timeRanges.map((name): TimeRangeFilter => ({
      kind: 'time',
      name,
      label: labelOf(name),
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

/**
 * Each filter parameter's name on screen (its control's label) in the reader's language, for
 * notices about them; `t` looks up the `lists` catalogue.
 */
export function filterParamLabels(
  filters: readonly FilterDefinition[],
  t: Translate,
): Record<string, string> {
  const labels: Record<string, string> = { [SEARCH_PARAM]: t(labelOf(SEARCH_PARAM)) };
  for (const filter of filters) {
    const label = t(filter.label);
    switch (filter.kind) {
      case 'time':
        labels[`start_${filter.name}`] = t('filterBar.from', { label });
        labels[`end_${filter.name}`] = t('filterBar.to', { label });
        labels[withinParam(filter.name)] = label;
        break;
      case 'size':
        labels[filter.minParam] = t('filterBar.atLeast', { label });
        labels[filter.maxParam] = t('filterBar.atMost', { label });
        break;
      default:
        labels[filter.param] = label;
    }
  }
  return labels;
}
