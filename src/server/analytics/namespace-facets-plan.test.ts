// Under a namespace filter alone (substring, picks, a scope's patterns), the risk summary's counts
// and the facets' dimensions and top values are read from each dimension's counts per namespace
// (migration 0061), sought per matching namespace: never from the groups by every dimension (0035's
// `*_risk_namespaces`, 0054's `*_risk_namespace_registries`), which at 1M are 36,000 and 74,350
// rows under the 270 namespaces matching `a` (docs/benchmarks.md).
import { describe, expect, it } from 'vitest';
import { RegistryImageSchema } from '../../shared/contracts';
import { generateEstate } from '../../simulator/estate';
import { listFacets } from '../lists/facets';
import { REGISTRY_LIST } from '../lists/registry';
import { explainPlan, recordingQueries } from '../test-support/query-plans';
import { upsertRegistryImages } from '../test-support/per-list';
import { inventoryBackends } from '../test-support/test-backends';
import { buildRiskSummary } from './risk-summary';

const NOW = Date.UTC(2026, 5, 15, 13, 30);
const ACCOUNT = 'acc-a';
const QUERIES = [
  { namespace: 'a' },
  { namespaces: ['payments', 'platform'] },
  { scope_namespaces: ['pay*', '*-eng'] },
];

describe.each(inventoryBackends())('namespace filters alone on $name', (backend) => {
  it('read the counts per namespace and dimension, sought per namespace', async () => {
    const db = await backend.open();
    try {
      const estate = generateEstate({ seed: 3, registryImages: 300, cicdImages: 0, now: NOW });
      await upsertRegistryImages(
        db,
        ACCOUNT,
        estate.registryImages.map((record) => RegistryImageSchema.parse(record)),
        NOW,
      );
      for (const query of QUERIES) {
        const { db: recording, queries } = recordingQueries(db);
        const summary = await buildRiskSummary(recording, {
          account: ACCOUNT,
          request: { kind: 'registry', query },
          filters: {},
          now: NOW,
          syncedAt: null,
        });
        const facets = await listFacets(REGISTRY_LIST, recording, ACCOUNT, query, { now: NOW });
        expect(facets.total_num, JSON.stringify(query)).toBe(summary.total_num);
        const label = JSON.stringify(query);
        const kept = queries.filter((q) => q.sql.includes('registry_images_risk_namespace_facets'));
        // The summary's counts and vulnerable namespaces; the facets' dimensions and 2 top fields.
        expect(kept.length, label).toBe(5);
        expect(
          queries.filter((q) => /_risk_namespaces"|_risk_namespace_registries"/.test(q.sql)),
          label,
        ).toEqual([]);
        for (const statement of kept) {
          const plan = await explainPlan(db, statement);
          // The namespace facet counted without the picks reads every namespace (no filter left).
          if (!statement.sql.includes('namespace in') && !statement.sql.includes('namespace like'))
            continue;
          expect(plan.fullScans, `${label}\n${plan.text}`).toEqual([]);
        }
      }
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
