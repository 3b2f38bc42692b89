// Child process of bench/export.bench.ts: serves the export routes over an existing inventory
// and samples its own memory, so the figure is the BFF's alone (the downloading client runs in
// the parent process).
import { join } from 'node:path';
import { openInventory } from '../src/server/store/db';
import { startExportTestServer } from '../src/server/test-support/export-fixtures';

type Command = { type: 'baseline' } | { type: 'report' };

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: export-bench-server <dataDir>');
  const db = await openInventory({ dataDir });
  // The spool inside the bench's data folder, which the parent removes: this process is killed
  // before its spool would remove its own folder (each run left an 80 MB file in the temp dir).
  const server = await startExportTestServer({ db, spoolDir: join(dataDir, 'exports') });
  let baseline = process.memoryUsage();
  let cpuAtBaseline = process.cpuUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed + baseline.external;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed + usage.external);
  }, 10);
  process.on('message', (command: Command) => {
    if (command.type === 'baseline') {
      baseline = process.memoryUsage();
      cpuAtBaseline = process.cpuUsage();
      peakRss = baseline.rss;
      peakHeap = baseline.heapUsed + baseline.external;
      process.send?.({ type: 'baseline-set' });
    } else {
      clearInterval(sampler);
      const cpu = process.cpuUsage(cpuAtBaseline);
      process.send?.({
        type: 'report',
        cpuMs: (cpu.user + cpu.system) / 1000,
        rssGrowth: peakRss - baseline.rss,
        heapGrowth: peakHeap - (baseline.heapUsed + baseline.external),
      });
      void server.close().then(() => db.destroy());
    }
  });
  process.send?.({ type: 'ready', url: server.url, accountId: server.accountId });
}

void main();
