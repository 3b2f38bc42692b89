// The Changes page's state, all in the URL (a link reproduces the view): the list, the event
// types, the time window and the list filters the page offers, with the feed's own names.
import {
  CHANGE_EVENT_TYPES,
  CHANGES_LIMIT,
  IMAGE_LISTS,
  SEVERITY_FILTERS,
  type ChangeEventType,
  type ImageList,
} from '../../shared/contracts/facts';

/** The time windows the page offers; `all` reaches back to the baseline. */
export const CHANGE_WINDOWS = ['24h', '7d', '30d', '90d', 'all'] as const;
export type ChangeWindow = (typeof CHANGE_WINDOWS)[number];
const WINDOW_MS: Record<Exclude<ChangeWindow, 'all'>, number> = {
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  '90d': 90 * 86_400_000,
};

export interface ChangesView {
  list: ImageList;
  eventTypes: ChangeEventType[];
  window: ChangeWindow;
  severity: string[];
  namespace: string;
  imageName: string;
  q: string;
  offset: number;
}

const isOneOf = <T extends string>(values: readonly T[], value: string | null): value is T =>
  value !== null && (values as readonly string[]).includes(value);

const listOf = <T extends string>(values: readonly T[], raw: string | null): T[] =>
  (raw ?? '')
    .split(',')
    .filter((value): value is T => isOneOf(values, value))
    .filter((value, index, all) => all.indexOf(value) === index);

export function readChangesView(params: URLSearchParams): ChangesView {
  const offset = Number(params.get('offset') ?? '0');
  const window = params.get('within');
  const list = params.get('list');
  return {
    list: isOneOf(IMAGE_LISTS, list) ? list : 'registry',
    eventTypes: listOf(CHANGE_EVENT_TYPES, params.get('event_type')),
    window: isOneOf(CHANGE_WINDOWS, window) ? window : '7d',
    severity: listOf(SEVERITY_FILTERS, params.get('severity_level')),
    namespace: params.get('namespace') ?? '',
    imageName: params.get('image_name') ?? '',
    q: params.get('q') ?? '',
    offset: Number.isInteger(offset) && offset >= 0 ? offset : 0,
  };
}

/** The URL parameters of a view (defaults left out, so links stay short). */
export function changesSearch(view: ChangesView): Record<string, string | undefined> {
  return {
    list: view.list === 'registry' ? undefined : view.list,
    event_type: view.eventTypes.length > 0 ? view.eventTypes.join(',') : undefined,
    within: view.window === '7d' ? undefined : view.window,
    severity_level: view.severity.length > 0 ? view.severity.join(',') : undefined,
    namespace: view.namespace || undefined,
    image_name: view.imageName || undefined,
    q: view.q || undefined,
    offset: view.offset > 0 ? String(view.offset) : undefined,
  };
}

/** The BFF's parameters for a view at `now`, with or without the event-type filter and paging. */
export function changesApiParams(
  view: ChangesView,
  account: string | undefined,
  now: number,
): Record<string, string | number | undefined> {
  return {
    list: view.list,
    account,
    event_type: view.eventTypes.length > 0 ? view.eventTypes.join(',') : undefined,
    since: view.window === 'all' ? undefined : now - WINDOW_MS[view.window],
    severity_level: view.severity.length > 0 ? view.severity.join(',') : undefined,
    namespace: view.namespace || undefined,
    image_name: view.imageName || undefined,
    q: view.q || undefined,
    offset: view.offset,
    limit: CHANGES_LIMIT.default,
  };
}
