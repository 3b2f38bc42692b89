import { describe, expect, it } from 'vitest';
import { OFFSET_MAX } from '../shared/contracts';
import {
  offsetFromPageState,
  pageStateFromOffset,
  reachablePageCount,
  resizePage,
} from './pagination';

describe('pagination', () => {
  it('maps offset and limit to a page and back', () => {
    expect(pageStateFromOffset(40, 20)).toEqual({ pageIndex: 2, pageSize: 20 });
    expect(offsetFromPageState({ pageIndex: 2, pageSize: 20 })).toBe(40);
    // An unaligned offset from a hand-edited URL lands on the page holding it.
    expect(pageStateFromOffset(45, 20)).toEqual({ pageIndex: 2, pageSize: 20 });
  });
  it('never produces an offset past the API range', () => {
    const offset = offsetFromPageState({ pageIndex: 1_000_000, pageSize: 200 });
    expect(offset).toBeLessThanOrEqual(OFFSET_MAX);
    expect(offset % 200).toBe(0);
  });
  it('counts reachable pages', () => {
    expect(reachablePageCount(0, 20)).toBe(0);
    expect(reachablePageCount(3000, 20)).toBe(150);
    expect(reachablePageCount(3001, 20)).toBe(151);
    expect(reachablePageCount(10_000_000, 200)).toBe(OFFSET_MAX / 200 + 1);
  });
  it('keeps the first row visible when resizing', () => {
    expect(resizePage({ pageIndex: 3, pageSize: 20 }, 50)).toEqual({ pageIndex: 1, pageSize: 50 });
    expect(resizePage({ pageIndex: 1, pageSize: 50 }, 10)).toEqual({ pageIndex: 5, pageSize: 10 });
  });
});
