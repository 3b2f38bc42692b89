// Time left for a crawl at the budgeted pace: the calls still needed, minus those the budget can
// make now, spaced one refill interval apart.
import type { BudgetStatus } from '../../shared/contracts';

export function crawlEtaMs(remainingCalls: number, budget: BudgetStatus | undefined): number {
  if (remainingCalls <= 0) return 0;
  if (!budget || budget.limit <= 0) return 0;
  const interval = budget.window_ms / budget.limit;
  const fromBucket = Math.max(0, Math.floor(budget.available));
  if (remainingCalls <= fromBucket) return 0;
  const waitForFirst = fromBucket > 0 ? interval : Math.max(budget.next_token_in_ms, 0);
  return Math.round(waitForFirst + (remainingCalls - fromBucket - 1) * interval);
}
