// Where each chart segment leads: the image explorer with the summary's own filters plus the
// segment's (the BFF states the segment's filter, so the explorer lists exactly its count).
import { APP_ROUTES, endOfUtcDay, type ImageList } from '../../shared/contracts/facts';
import type { RiskSummary, SegmentFilter } from '../../shared/contracts';

export interface ExplorerTarget {
  pathname: string;
  search: string;
}

export function explorerPath(kind: ImageList): string {
  return kind === 'registry' ? APP_ROUTES.registryImages : APP_ROUTES.cicdImages;
}

/** The explorer URL for a segment, or undefined when the segment cannot be listed. */
export function segmentTarget(
  summary: Pick<RiskSummary, 'kind' | 'filters'>,
  filter: SegmentFilter,
): ExplorerTarget | undefined {
  if (Object.keys(filter).length === 0) return undefined;
  const params = new URLSearchParams({ ...summary.filters, ...filter });
  return { pathname: explorerPath(summary.kind), search: `?${params.toString()}` };
}

export const TREND_SERIES = ['high', 'never_scanned', 'medium', 'has_malicious_file'] as const;
export type TrendSeries = (typeof TREND_SERIES)[number];

/**
 * A trend point's link. The past set of images cannot be listed (images were rescanned since),
 * so a point opens the images that were already in that state by the end of its day and still
 * are: high risk with their latest scan by then, or never scanned and present by then. That is
 * the point's count minus the images that changed since (exactly it for today).
 */
export function trendPointTarget(
  kind: ImageList,
  series: TrendSeries,
  day: string,
  account: string | undefined,
): ExplorerTarget {
  const end = String(endOfUtcDay(day));
  const filter: SegmentFilter =
    series === 'high'
      ? { severity_level: 'High', end_latest_scan_time: end }
      : series === 'medium'
        ? { severity_level: 'Medium', end_latest_scan_time: end }
        : series === 'has_malicious_file'
          ? { has_malicious_file: 'true', end_latest_scan_time: end }
          : { never_scanned: 'true', end_latest_update_time: end };
  const params = new URLSearchParams({ ...(account ? { account } : {}), ...filter });
  return { pathname: explorerPath(kind), search: `?${params.toString()}` };
}
