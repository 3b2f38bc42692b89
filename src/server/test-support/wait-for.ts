// Shared by the tests that wait on a running BFF (its readiness, a sync cycle).

/**
 * Polls `check` every `intervalMs` until it holds; past `timeoutMs` fails naming `what` (the
 * deadline only names a condition that never holds: timings live in bench/), followed by what
 * `explain` says of the state then (a failure in CI must be readable from its log alone).
 */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
  explain?: () => string | Promise<string>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const state = explain ? `\n${await explain()}` : '';
  throw new Error(`timed out waiting for ${what}${state}`);
}
