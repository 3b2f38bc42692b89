// `npm run bench`: runs every benchmark module, prints one table and writes bench/results.json
// (figure name → value, unit, bound). Each module exports `run()` returning its figures.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchFigure {
  figure: string;
  value: number;
  unit: string;
  bound?: number;
  better: 'lower' | 'higher';
}

type BenchModule = { run: () => Promise<BenchFigure[]> };

// Add a module here to have it run (in this order).
const MODULES: Array<[string, () => Promise<BenchModule>]> = [
  ['risk', () => import('./risk.bench')],
  ['load', () => import('./load.bench')],
  ['export', () => import('./export.bench')],
  ['simulator', () => import('./simulator.bench')],
  ['query', () => import('./query.bench')],
  ['sync', () => import('./sync.bench')],
];

function withinBound(figure: BenchFigure): string {
  if (figure.bound === undefined) return '';
  const ok =
    figure.better === 'lower' ? figure.value <= figure.bound : figure.value >= figure.bound;
  return `${ok ? 'ok' : 'OVER'} (bound ${figure.bound} ${figure.unit})`;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const results: Record<string, Omit<BenchFigure, 'figure'> & { module: string }> = {};
  let failed = false;
  for (const [name, load] of MODULES) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stdout.write(`\n# ${name}\n`);
    const figures = await (await load()).run();
    for (const figure of figures) {
      const verdict = withinBound(figure);
      if (verdict.startsWith('OVER')) failed = true;
      process.stdout.write(
        `${figure.figure.padEnd(70)} ${String(figure.value).padStart(10)} ${figure.unit.padEnd(6)} ${verdict}\n`,
      );
      const { figure: key, ...rest } = figure;
      results[key] = { module: name, ...rest };
    }
  }
  const file = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwrote ${file}\n`);
  if (failed) process.exitCode = 1;
}

await main();
