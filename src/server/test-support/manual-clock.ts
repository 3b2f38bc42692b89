/** A clock the test moves by hand: `now` for the code under test, `advance` for the test. */
export function manualClock(start = 0): { now: () => number; advance: (ms: number) => void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}
