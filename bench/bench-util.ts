// Small helpers shared by the sync, query and simulator benchmarks.
import { performance } from 'node:perf_hooks';

/** Median of `runs` timings in ms, after one warm-up run. */
export async function medianMs(runs: number, task: () => unknown): Promise<number> {
  await task();
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return round(times[Math.floor(times.length / 2)] ?? 0);
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
