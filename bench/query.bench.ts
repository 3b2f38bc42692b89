// The BFF's list queries at 200,000 mirrored repository images, over HTTP: a filtered and
// sorted page of 200 (bound 15 ms median) and the facets for all filters (bound 100 ms). The
// mirror is filled straight from the generated estate through the crawl's own normalising parse
// and upsert (sync/test-harness.ts `mirrorEstate`), which takes seconds instead of 1,000 calls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeServer } from '../src/server/compose';
import { demoAccounts, generateDemoKeys, loadConfig } from '../src/server/config';
import { openInventory } from '../src/server/inventory/db';
import { mirrorEstate } from '../src/server/sync/test-harness';
import { generateEstate } from '../src/simulator/estate';
import type { BenchFigure } from './run';
import { medianMs } from './bench-util';

const IMAGES = 200_000;
const TOKEN = 'bench-query-token-0123456789abcdef';

export async function run(): Promise<BenchFigure[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'imagewatch-bench-query-'));
  const now = Date.now();
  const estate = generateEstate({ seed: 42, registryImages: IMAGES, cicdImages: 20_000, now });
  const db = await openInventory({ dataDir });
  const config = loadConfig({ DASHBOARD_TOKEN: TOKEN, LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  // The account points nowhere: the sync engine is never started, every answer is the mirror's.
  const accounts = demoAccounts(generateDemoKeys(), 'http://127.0.0.1:9', 'cri-bench');
  const server = await composeServer({ config: { ...config, accounts }, db, logSink: false });
  try {
    await mirrorEstate(db, 'demo-huawei', estate, now);
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const address = server.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const get = async (route: string) => {
      const response = await fetch(`${base}${route}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      if (response.status !== 200) throw new Error(`${route}: ${response.status}`);
      return response.arrayBuffer();
    };
    const filtered =
      '?severity_level=High,Medium&scan_status=success&has_vul=true&sort_key=latest_scan_time&sort_dir=desc&offset=400&limit=200';
    const page = await medianMs(31, () => get(`/api/hss/registry-images${filtered}`));
    const pageByName = await medianMs(31, () =>
      get('/api/hss/registry-images?image_type=private_image&sort_key=image_name&limit=200'),
    );
    const facetsAll = await medianMs(15, () => get('/api/hss/registry-images/facets'));
    const facetsFiltered = await medianMs(15, () =>
      get(
        '/api/hss/registry-images/facets?severity_level=High,Medium&scan_status=success&has_vul=true&image_type=private_image&namespace=a',
      ),
    );
    const cicdFacets = await medianMs(15, () =>
      get('/api/hss/cicd-images/facets?pipeline_type=jenkins&risky=true'),
    );
    return [
      {
        figure: 'query: 200k images, page of 200 (3 filters, sort by scan time desc) over HTTP',
        value: page,
        unit: 'ms',
        bound: 15,
        better: 'lower',
      },
      {
        figure: 'query: 200k images, page of 200 (type filter, sort by name) over HTTP',
        value: pageByName,
        unit: 'ms',
        bound: 15,
        better: 'lower',
      },
      {
        figure: 'query: 200k images, facets for all filters, no filter set',
        value: facetsAll,
        unit: 'ms',
        bound: 100,
        better: 'lower',
      },
      {
        figure: 'query: 200k images, facets for all filters, 5 filters set',
        value: facetsFiltered,
        unit: 'ms',
        bound: 100,
        better: 'lower',
      },
      {
        figure: 'query: 20k CI/CD images, facets, 2 filters set',
        value: cicdFacets,
        unit: 'ms',
        bound: 100,
        better: 'lower',
      },
    ];
  } finally {
    await server.app.close();
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
