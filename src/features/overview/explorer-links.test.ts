import { describe, expect, it } from 'vitest';
import { segmentTarget, trendPointTarget } from './explorer-links';

describe('explorer links', () => {
  it('adds the segment filter to the summary filters, the segment winning', () => {
    const target = segmentTarget(
      { kind: 'registry', filters: { account: 'a1', namespace: 'team', severity_level: 'High' } },
      { severity_level: 'Low' },
    );
    expect(target).toEqual({
      pathname: '/registry-images',
      search: '?account=a1&namespace=team&severity_level=Low',
    });
  });

  it('gives no link for a segment without a filter', () => {
    expect(segmentTarget({ kind: 'cicd', filters: {} }, {})).toBeUndefined();
  });

  it('links a trend point to the images in that state by the end of its day', () => {
    expect(trendPointTarget('cicd', 'high', '2024-03-01', undefined)).toEqual({
      pathname: '/cicd-images',
      search: `?severity_level=High&end_latest_scan_time=${Date.UTC(2024, 2, 2) - 1}`,
    });
    expect(trendPointTarget('registry', 'never_scanned', '2024-03-01', 'a1').search).toBe(
      `?account=a1&never_scanned=true&end_latest_update_time=${Date.UTC(2024, 2, 2) - 1}`,
    );
  });
});
