import type { Tone } from '../badges';

/** One bar, slice or row of a chart: what it counts, its colour and where it leads. */
export interface ChartSegment {
  key: string;
  label: string;
  count: number;
  tone: Tone;
  /** The explorer URL listing exactly these images; absent when they cannot be listed. */
  to?: { pathname: string; search: string } | undefined;
}
