// A call rate such as `5/min`: the BFF's call budget and the simulator's throttle both read it.
export interface Rate {
  limit: number;
  windowMs: number;
}

const RATE_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  min: 60_000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses `N/min`, `N/s`, `N/1s`, `N/10s`, `N/h` (also `N/500ms`) into a limit per window. */
export function parseRate(text: string): Rate {
  const match = /^\s*(\d+)\s*\/\s*(\d+)?\s*(ms|s|sec|min|m|h)\s*$/.exec(text);
  const unit = match?.[3];
  const scale = unit === undefined ? undefined : RATE_UNITS[unit];
  if (!match || scale === undefined) {
    throw new Error(
      `invalid rate "${text}": expected calls per window such as 5/min, 5/1s, 50/10s or 100/h`,
    );
  }
  const limit = Number(match[1]);
  const count = match[2] === undefined ? 1 : Number(match[2]);
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new Error(`invalid rate "${text}": the number of calls must be at least 1`);
  }
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new Error(`invalid rate "${text}": the window must be at least 1 ${unit}`);
  }
  return { limit, windowMs: count * scale };
}
