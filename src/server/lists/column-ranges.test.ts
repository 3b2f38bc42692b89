// The column program's `ranges` and `nth` parts (column-program.ts) against a count of every row:
// values on and beside the ranges' ends, nulls, ties, ranges beyond the column's values, empty
// ranges, and a filter; `ranges` counts by kept buckets and compares only where a range ends.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../simulator/random';
import { columnProgram, type ColumnPlan } from './column-program';

const program = columnProgram();

function snapshotOf(values: ReadonlyArray<number | null>, flags: readonly number[]) {
  const layout = { text: ['image_digest'], flags: ['f'], counts: [], numbers: ['t'], pages: false };
  const builder = program.createBuilder(layout, values.length);
  values.forEach((value, i) => builder.add([`d${i % 7}`, flags[i], value]));
  return builder.finish();
}

describe('the column program: ranges and nth', () => {
  it('counts as every row tested would, under a filter, at and beside each end', () => {
    const rng = createRng(43);
    const random = () => rng.next();
    for (let round = 0; round < 40; round += 1) {
      const span = [10, 1_000, 1e6, 1.7e12][round % 4] as number;
      const base = round % 3 === 0 ? 1.7e12 : 0;
      const ends: number[] = [];
      for (let e = 0; e < 8; e += 1) ends.push(base + Math.floor(random() * span));
      const values = Array.from({ length: 3_000 }, (): number | null => {
        const pick = random();
        if (pick < 0.1) return null;
        // On an end, or one beside it, or anywhere.
        const end = ends[Math.floor(random() * ends.length)] as number;
        if (pick < 0.4) return end + Math.floor(random() * 3) - 1;
        return base + Math.floor(random() * span);
      });
      const flags = values.map(() => (random() < 0.7 ? 1 : 0));
      const snapshot = snapshotOf(values, flags);
      const ranges: Array<[number, number]> = [
        [ends[0] as number, ends[1] as number],
        [ends[2] as number, ends[3] as number],
        [
          Math.min(ends[4] as number, ends[5] as number),
          Math.max(ends[4] as number, ends[5] as number),
        ],
        [0, ends[6] as number],
        [ends[7] as number, Number.MAX_SAFE_INTEGER],
        [1, 0],
      ];
      const plan: ColumnPlan = {
        tests: [{ kind: 'flag', column: 'f', code: 1 }],
        parts: [
          { kind: 'ranges', tests: [0], column: 't', ranges },
          { kind: 'nth', tests: [0], column: 't', rank: 10 },
          { kind: 'ranges', tests: [], column: 't', ranges },
        ],
      };
      const passing = (filtered: boolean) => values.filter((_, i) => !filtered || flags[i] === 1);
      const expected = (filtered: boolean) => {
        const rows = passing(filtered);
        return [
          ...ranges.map(
            ([low, high]) => rows.filter((v) => v !== null && v >= low && v <= high).length,
          ),
          rows.filter((v) => v === null).length,
        ];
      };
      const sorted = passing(true)
        .filter((v): v is number => v !== null)
        .sort((a, b) => b - a);
      const tenth = sorted[Math.min(9, sorted.length - 1)];
      const answer = program.count(snapshot, plan);
      expect(answer?.[0], `round ${round}`).toEqual([expected(true)]);
      expect(answer?.[1], `round ${round}`).toEqual(tenth === undefined ? [] : [[tenth]]);
      expect(answer?.[2], `round ${round}`).toEqual([expected(false)]);
      // Again, from the kept buckets.
      expect(program.count(snapshot, plan), `round ${round}`).toEqual(answer);
    }
  });
});
