// `npm run bench [module...]`: runs the benchmark modules, prints one table (figure, value,
// bound or reference, ratio, verdict) and writes bench/results.json (figure name → value, unit,
// bound, module, measured_at, load average; `_machine` = the machine and the run). Each module
// exports `run()` returning its figures. A partial run merges into the file; a full run rewrites
// it. Each module runs in a child process (killed after BENCH_MODULE_TIMEOUT_S, default 480); a
// module that throws or times out is reported and the run goes on; the exit code is then 1.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export interface BenchFigure {
  figure: string;
  value: number;
  unit: string;
  bound?: number;
  better: 'lower' | 'higher';
  /** A figure to compare with that is not a pass/fail bound (e.g. the pass-through proxy's). */
  reference?: { value: number; what: string };
}

type BenchModule = { run: () => Promise<BenchFigure[]> };

// Add a module here to have it run (in this order).
const MODULES: Array<[string, () => Promise<BenchModule>]> = [
  ['risk', () => import('./risk.bench')],
  ['load', () => import('./load.bench')],
  ['throughput', () => import('./throughput.bench')],
  ['export', () => import('./export.bench')],
  ['simulator', () => import('./simulator.bench')],
  ['query', () => import('./query.bench')],
  ['sync', () => import('./sync.bench')],
  ['sync-plan', () => import('./sync-plan.bench')],
  ['proxy', () => import('./proxy.bench')],
  ['changes', () => import('./changes.bench')],
  ['app', () => import('./app.bench')],
  ['search', () => import('./search.bench')],
  ['base-images', () => import('./base-images.bench')],
  ['scale', () => import('./scale.bench')],
];

interface FigureRecord extends Omit<BenchFigure, 'figure'> {
  module: string;
  /** value / bound (or / reference when there is no bound); absent when there is neither. */
  ratio?: number;
  verdict: Verdict;
  measured_at: string;
  /** 1-minute load average when the module started: other work on the machine skews figures. */
  load_average_1m: number;
}

type Verdict = 'ok' | 'MISSED' | 'reference' | '-';

interface MachineInfo {
  cores: number;
  cpu_model: string;
  node: string;
  platform: string;
  total_memory_gib: number;
  load_average_at_start: number[];
  started_at: string;
  modules_run: string[];
  failed_modules: Record<string, string>;
}

/** Keys starting with `_` in results.json are metadata, not figures. */
const MACHINE_KEY = '_machine';
/** A module that hangs must not stall the suite (10 minutes in all): it fails after this. */
const MODULE_TIMEOUT_MS = Number(process.env.BENCH_MODULE_TIMEOUT_S ?? 480) * 1000;
const CHILD_FLAG = '--module-child';

type ChildReport = { figures: BenchFigure[] } | { error: string };

/** In a child process: run one module and report its figures (or its error) to the runner. */
async function runAsChild(name: string): Promise<void> {
  const entry = MODULES.find(([candidate]) => candidate === name);
  let report: ChildReport;
  try {
    if (!entry) throw new Error(`unknown module ${name}`);
    report = { figures: await (await entry[1]()).run() };
  } catch (error) {
    report = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  process.send?.(report, () => process.exit(0));
}

let runningChild: ChildProcess | undefined;

function killGroup(child: ChildProcess): void {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Each module runs in its own process group: one module's servers, memory and leftovers never
 * weigh on the next, and a module over its time is killed with everything it started.
 */
function runInChild(name: string): Promise<BenchFigure[]> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, name], {
      execArgv: ['--import', 'tsx', '--expose-gc'],
      detached: true,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    runningChild = child;
    let report: ChildReport | undefined;
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new Error(`${name} took over ${MODULE_TIMEOUT_MS / 1000} s (BENCH_MODULE_TIMEOUT_S)`));
    }, MODULE_TIMEOUT_MS);
    child.on('message', (message: ChildReport) => (report = message));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      runningChild = undefined;
      killGroup(child); // whatever the module left running in its group
      if (report && 'figures' in report) resolve(report.figures);
      else if (report) reject(new Error(report.error));
      else reject(new Error(`${name} exited (${signal ?? code}) without reporting figures`));
    });
  });
}

type Results = Record<string, FigureRecord | MachineInfo>;

function verdictOf(figure: BenchFigure): Verdict {
  if (figure.bound === undefined) return figure.reference ? 'reference' : '-';
  const ok =
    figure.better === 'lower' ? figure.value <= figure.bound : figure.value >= figure.bound;
  return ok ? 'ok' : 'MISSED';
}

function ratioOf(figure: BenchFigure): number | undefined {
  const against = figure.bound ?? figure.reference?.value;
  if (against === undefined || against === 0) return undefined;
  return Math.round((figure.value / against) * 100) / 100;
}

function boundText(figure: BenchFigure): string {
  if (figure.bound !== undefined)
    return `${figure.better === 'lower' ? '<=' : '>='} ${figure.bound} ${figure.unit}`;
  if (figure.reference)
    return `ref ${figure.reference.value} ${figure.unit} (${figure.reference.what})`;
  return '';
}

function machineInfo(modules: string[]): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    total_memory_gib: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    load_average_at_start: os.loadavg().map((load) => Math.round(load * 100) / 100),
    started_at: new Date().toISOString(),
    modules_run: modules,
    failed_modules: {},
  };
}

const COLUMNS = [
  ['figure', 72],
  ['value', 12],
  ['unit', 7],
  ['bound or reference', 34],
  ['ratio', 7],
  ['verdict', 9],
] as const;

function tableLine(cells: string[]): string {
  return `${cells.map((cell, index) => cell.padEnd(COLUMNS[index]?.[1] ?? 0)).join(' ')}`.trimEnd();
}

function readResults(file: string): Results {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Results;
  } catch {
    process.stderr.write(`${file} is not valid JSON: starting it afresh\n`);
    return {};
  }
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const known = MODULES.map(([name]) => name);
  const unknown = only.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown module(s): ${unknown.join(', ')}; known: ${known.join(', ')}\n`);
    process.exitCode = 2;
    return;
  }
  const selected = MODULES.filter(([name]) => only.length === 0 || only.includes(name));
  const fullRun = selected.length === MODULES.length;
  const file = join(dirname(fileURLToPath(import.meta.url)), 'results.json');
  // A partial run merges into the last results; a full run rewrites them whole.
  const results: Results = fullRun ? {} : readResults(file);
  const machine = machineInfo(selected.map(([name]) => name));
  results[MACHINE_KEY] = machine;

  process.stdout.write(
    `machine: ${machine.cores} cores, ${machine.cpu_model}, ${machine.total_memory_gib} GiB, ` +
      `Node ${machine.node}, ${machine.platform}\n` +
      `load average at start (1, 5, 15 min): ${machine.load_average_at_start.join(', ')}\n`,
  );
  process.stdout.write(`\n${tableLine(COLUMNS.map(([title]) => title))}\n`);

  let missed = 0;
  for (const [name] of selected) {
    const loadAverage = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
    const started = performance.now();
    process.stdout.write(`\n# ${name} (load average ${loadAverage})\n`);
    let figures: BenchFigure[];
    try {
      figures = await runInChild(name);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      machine.failed_modules[name] = message.split('\n')[0] ?? 'failed';
      process.stdout.write(`MODULE FAILED: ${name}\n${message}\n`);
      writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
      continue;
    }
    // This module's earlier figures go (a renamed figure must not linger); the others stay.
    for (const [key, record] of Object.entries(results))
      if (!key.startsWith('_') && (record as FigureRecord).module === name) delete results[key];
    const measuredAt = new Date().toISOString();
    for (const figure of figures) {
      const verdict = verdictOf(figure);
      if (verdict === 'MISSED') missed += 1;
      const ratio = ratioOf(figure);
      process.stdout.write(
        `${tableLine([
          figure.figure,
          String(figure.value).padStart(COLUMNS[1][1] - 1),
          figure.unit,
          boundText(figure),
          ratio === undefined ? '' : String(ratio),
          verdict,
        ])}\n`,
      );
      const { figure: key, ...rest } = figure;
      results[key] = {
        module: name,
        ...rest,
        ...(ratio === undefined ? {} : { ratio }),
        verdict,
        measured_at: measuredAt,
        load_average_1m: loadAverage,
      };
    }
    process.stdout.write(`(${name}: ${Math.round((performance.now() - started) / 100) / 10} s)\n`);
    // Written after every module, so an interrupted run keeps what it measured.
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  }

  const failed = Object.keys(machine.failed_modules);
  process.stdout.write(
    `\n${missed} figure(s) missed their bound; ${failed.length} module(s) failed${
      failed.length > 0 ? `: ${failed.join(', ')}` : ''
    }\nwrote ${file}\n`,
  );
  process.exitCode = missed > 0 || failed.length > 0 ? 1 : 0;
}

if (process.argv[2] === CHILD_FLAG) {
  await runAsChild(process.argv[3] ?? '');
} else {
  // Ctrl-C: stop the running module's whole group too (it is detached from ours).
  process.once('SIGINT', () => {
    if (runningChild) killGroup(runningChild);
    process.exit(130);
  });
  await main();
}
