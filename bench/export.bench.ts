// CSV export of 200,000 repository images over HTTP (bound: 5 s) and the BFF's peak memory
// growth while it streams them (bound: 64 MB). The BFF runs in a child process and samples its
// own RSS and heap; this process downloads the file, counting rows without keeping the bytes.
import { fork, type ChildProcess } from 'node:child_process';

import { mkdtempSync, rmSync } from 'node:fs';

import { tmpdir } from 'node:os';

import { dirname, join } from 'node:path';

import { performance } from 'node:perf_hooks';

import { fileURLToPath } from 'node:url';

import { CsvRecordCounter } from '../src/features/export/csv-record-counter';

import { RegistryImageSchema } from '../src/shared/contracts';

import { openInventory } from '../src/server/store/db';

import { generateEstate } from '../src/simulator/estate';

import type { BenchFigure } from './run';
import { upsertRegistryImages } from '../src/server/test-support/per-list';

const IMAGES = 200_000;
const MB = 1024 * 1024;

type ChildMessage =
  | { type: 'ready'; url: string; accountId: string }
  | { type: 'baseline-set' }
  | { type: 'report'; rssGrowth: number; heapGrowth: number; cpuMs: number };

function nextMessage<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message as Extract<ChildMessage, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`export bench server exited (${code})`)));
  });
}

async function download(url: string): Promise<{ rows: number; total: number; bytes: number }> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`export answered ${response.status}`);
  const counter = new CsvRecordCounter();
  const reader = response.body.getReader();
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    counter.push(chunk.value);
  }
  return {
    rows: counter.dataRows,
    total: Number(response.headers.get('x-total-count')),
    bytes: counter.bytes,
  };
}

export async function run(): Promise<BenchFigure[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'imagewatch-export-bench-'));
  let child: ChildProcess | undefined;
  try {
    const now = Date.now();
    const estate = generateEstate({ seed: 42, registryImages: IMAGES, cicdImages: 0, now });
    const images = estate.registryImages.map((record) => RegistryImageSchema.parse(record));
    // The account id the child's demo configuration gives its Huawei account.
    child = fork(
      join(dirname(fileURLToPath(import.meta.url)), 'export-bench-server.ts'),
      [dataDir],
      {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    // The child opens (and migrates) the inventory first; then this process fills it.
    const ready = await nextMessage(child, 'ready');
    const db = await openInventory({ dataDir });
    for (let start = 0; start < images.length; start += 5_000)
      await upsertRegistryImages(db, ready.accountId, images.slice(start, start + 5_000), now);
    await db.destroy();

    const url = `${ready.url}/api/hss/registry-images/export.csv`;
    await download(`${url}?namespace=a`); // warm up code paths and the page cache
    child.send({ type: 'baseline' });
    await nextMessage(child, 'baseline-set');
    const started = performance.now();
    const clientCpu = process.cpuUsage();
    const result = await download(url);
    const elapsed = performance.now() - started;
    const clientCpuUsed = process.cpuUsage(clientCpu);
    child.send({ type: 'report' });
    const memory = await nextMessage(child, 'report');
    if (result.rows !== IMAGES || result.total !== IMAGES)
      throw new Error(
        `exported ${result.rows} rows (X-Total-Count ${result.total}), wanted ${IMAGES}`,
      );
    return [
      {
        figure: 'export: 200k registry images as CSV over HTTP',
        value: Math.round(elapsed),
        unit: 'ms',
        bound: 5000,
        better: 'lower',
      },
      {
        // Wall time above depends on what else the machine runs; CPU time does much less.
        figure: 'export: BFF CPU time (user+system) for 200k rows',
        value: Math.round(memory.cpuMs),
        unit: 'ms',
        better: 'lower',
      },
      {
        figure: 'export: client CPU time (download + row count)',
        value: Math.round((clientCpuUsed.user + clientCpuUsed.system) / 1000),
        unit: 'ms',
        better: 'lower',
      },
      {
        figure: 'export: throughput',
        value: Math.round(IMAGES / (elapsed / 1000)),
        unit: 'rows/s',
        better: 'higher',
      },
      {
        figure: 'export: file size (200k rows, all columns)',
        value: Math.round(result.bytes / MB),
        unit: 'MB',
        better: 'lower',
      },
      {
        figure: 'export: BFF peak RSS growth while streaming',
        value: Math.round((memory.rssGrowth / MB) * 10) / 10,
        unit: 'MB',
        bound: 64,
        better: 'lower',
      },
      {
        figure: 'export: BFF peak heap+external growth while streaming',
        value: Math.round((memory.heapGrowth / MB) * 10) / 10,
        unit: 'MB',
        better: 'lower',
      },
    ];
  } finally {
    child?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
