import { describe, expect, it } from 'vitest';
import { OFFSET_MAX } from '../shared/contracts';
import {
  offsetFromPageState,
  pageStateFromOffset,
  reachablePageCount,
  resizePage,
} from './pagination';

describe('pagination', () => {
  it.each([
    { offset: 0, limit: 20, pageIndex: 0 },
    { offset: 40, limit: 20, pageIndex: 2 },
    { offset: 600, limit: 200, pageIndex: 3 },
  ])(
    'maps offset $offset and limit $limit to page $pageIndex and back',
    ({ offset, limit, pageIndex }) => {
      expect(pageStateFromOffset(offset, limit)).toEqual({ pageIndex, pageSize: limit });
      expect(offsetFromPageState({ pageIndex, pageSize: limit })).toBe(offset);
    },
  );
  it('lands an unaligned offset from a hand-edited URL on the page holding it', () => {
    expect(pageStateFromOffset(45, 20)).toEqual({ pageIndex: 2, pageSize: 20 });
  });
  it('never produces an offset past the API range', () => {
    const offset = offsetFromPageState({ pageIndex: 1_000_000, pageSize: 200 });
    expect(offset).toBeLessThanOrEqual(OFFSET_MAX);
    expect(offset % 200).toBe(0);
  });
  it.each([
    [0, 20, 0],
    [3000, 20, 150],
    [3001, 20, 151],
    [10_000_000, 200, OFFSET_MAX / 200 + 1],
  ])('counts reachable pages: %i rows at %i a page make %i', (total, pageSize, pages) => {
    expect(reachablePageCount(total, pageSize)).toBe(pages);
  });
  it('keeps the first row visible when resizing', () => {
    expect(resizePage({ pageIndex: 3, pageSize: 20 }, 50)).toEqual({ pageIndex: 1, pageSize: 50 });
    expect(resizePage({ pageIndex: 1, pageSize: 50 }, 10)).toEqual({ pageIndex: 5, pageSize: 10 });
  });
});
