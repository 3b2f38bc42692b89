// The sync's plan for one list: how the budget is shared between incremental cycles and the
// sweep's pages, and what that means for users: when a crawl will be complete, how long one
// sweep generation takes, and how late a removal can show (README, "Sync and data safety").
import type { BudgetStatus } from '../../shared/contracts';
import { CRAWL_PAGE_SIZE } from './full-crawl';

export interface PlanInputs {
  /** The list's budget (its API's token bucket for this credential). */
  budget: BudgetStatus | undefined;
  /** Between incremental cycles (SYNC_INTERVAL_MS). */
  intervalMs: number;
  /** Calls one incremental cycle makes (the last cycle's, or one per watermark). */
  cycleCalls: number;
  /** SYNC_SWEEP_INTERVAL_MS: between the starts of two sweeps, unless a sweep takes longer. */
  sweepIntervalMs: number;
  /** The upstream's total_num, as the last crawl read it. */
  total: number;
  /** How long the last complete crawl took (null before one completed). */
  lastSweepMs: number | null;
  /**
   * The running crawl's pace so far (null when none runs): where pages take longer than the
   * budget's spacing (a slow upstream, a busy machine), the plan follows what is measured.
   */
  crawlPace: { elapsedMs: number; rowsDone: number } | null;
}

/** ms per row at the running crawl's measured pace (0 before its first page). */
function measuredMsPerRow({ crawlPace }: PlanInputs): number {
  if (crawlPace === null || crawlPace.rowsDone < CRAWL_PAGE_SIZE) return 0;
  return Math.max(0, crawlPace.elapsedMs) / crawlPace.rowsDone;
}

/**
 * Time between two crawl pages on the budget that incremental cycles leave: the cycles spend
 * `cycleCalls` every `intervalMs`, the pages take the rest, and at least one page runs between
 * two cycles (the runner slips a cycle in between two pages when it falls due before the next
 * page would end, so a sweep is never starved; such a cycle may begin up to a page early, a
 * share this plan leaves out: the measured pace covers it).
 */
export function pageIntervalMs({ budget, intervalMs, cycleCalls }: PlanInputs): number {
  if (!budget || budget.limit <= 0) return 0;
  const callMs = budget.window_ms / budget.limit;
  const sparePerInterval = intervalMs / callMs - cycleCalls;
  return sparePerInterval >= 1 ? intervalMs / sparePerInterval : (cycleCalls + 1) * callMs;
}

/** Time left for a crawl with `remainingRows` to read, the bucket's spare calls spent first. */
export function crawlEtaMs(remainingRows: number, plan: PlanInputs): number {
  const rows = Math.max(0, remainingRows);
  const pages = Math.ceil(rows / CRAWL_PAGE_SIZE);
  const fromBucket = Math.max(0, Math.floor(plan.budget?.available ?? 0));
  const planned = Math.max(0, pages - fromBucket) * pageIntervalMs(plan);
  return Math.round(Math.max(planned, rows * measuredMsPerRow(plan)));
}

export interface SweepPlan {
  /** One sweep generation: the longest of the plan's pace, the last one, the running one's pace. */
  sweepMs: number;
  /** Between two sweep starts: SYNC_SWEEP_INTERVAL_MS, or back to back when a sweep is longer. */
  sweepPeriodMs: number;
  /**
   * How late a removal shows at most: it is gone at the end of the second complete sweep begun
   * after it, and it happened after the start of the sweep running then: 2 periods + 1 sweep.
   */
  removalBoundMs: number;
}

export function sweepPlan(plan: PlanInputs): SweepPlan {
  const planned = Math.ceil(plan.total / CRAWL_PAGE_SIZE) * pageIntervalMs(plan);
  const projected = plan.total * measuredMsPerRow(plan);
  const sweepMs = Math.round(Math.max(planned, plan.lastSweepMs ?? 0, projected));
  const sweepPeriodMs = Math.max(plan.sweepIntervalMs, sweepMs);
  return { sweepMs, sweepPeriodMs, removalBoundMs: 2 * sweepPeriodMs + sweepMs };
}
