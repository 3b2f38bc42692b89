// The stores kept for a number of days (the change feed, the audit trail, the rule deliveries):
// each process prunes what is older than its retention at most once an hour, on a write or sync.

/** How often a process prunes a kept-for-days store, at most. */
export const PRUNE_EVERY_MS = 3_600_000;

const DAY_MS = 86_400_000;

/** The oldest time a store keeping `retentionDays` still holds at `now`. */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * DAY_MS;
}
